import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { LayerArgs, LayerConfig } from '../engine/layer';
import { SpatialReshape, pairOf } from './spatial';

/**
 * Keras' Cropping1D: removes steps at the start and end of a sequence.
 *
 * Input shape: `(batch, steps, features)`. Output shape: `(batch, steps - before - after, features)`.
 *
 * @param cropping An integer for both ends, or `[before, after]`. Default `[1, 1]`.
 * @throws ConfigError for a negative or non-integer amount; ShapeError when nothing would remain.
 * @example
 * ```ts
 * new Cropping1D([1, 2]).apply(ones([1, 6, 4])).shape; // [1, 3, 4]
 * ```
 */
export class Cropping1D extends SpatialReshape {
  static override readonly className = 'Cropping1D';
  readonly cropping: [number, number];

  constructor(cropping: number | [number, number] = 1, args: LayerArgs = {}) {
    super(1, args, false);
    this.cropping = pairOf(cropping, 'cropping', this.label);
  }

  protected spatialOutput([steps]: (number | null)[]): (number | null)[] {
    return [steps == null ? null : steps - this.cropping[0] - this.cropping[1]];
  }

  protected transform(x: Tensor): Tensor {
    const [b, steps, c] = x.shape as number[];
    return dl.slice(x, [0, this.cropping[0], 0], [b!, steps! - this.cropping[0] - this.cropping[1], c!]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), cropping: this.cropping };
  }

  static override fromConfig(config: LayerConfig): Cropping1D {
    return new Cropping1D(config['cropping'] as [number, number], config as LayerArgs);
  }
}
