import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { LayerArgs, LayerConfig } from '../engine/layer';
import { SpatialReshape, pairOf } from './spatial';

/**
 * Keras' ZeroPadding1D: adds zero steps at the start and end of a sequence.
 *
 * Input shape: `(batch, steps, features)`. Output shape: `(batch, before + steps + after, features)`.
 *
 * @param padding An integer for both ends, or `[before, after]`. Default 1.
 * @throws ConfigError for a negative or non-integer amount.
 * @example
 * ```ts
 * new ZeroPadding1D([2, 1]).apply(ones([1, 3, 4])).shape; // [1, 6, 4]
 * ```
 */
export class ZeroPadding1D extends SpatialReshape {
  static override readonly className = 'ZeroPadding1D';
  readonly padding: [number, number];

  constructor(padding: number | [number, number] = 1, args: LayerArgs = {}) {
    super(1, args, false);
    this.padding = pairOf(padding, 'padding', this.label);
  }

  protected spatialOutput([steps]: (number | null)[]): (number | null)[] {
    return [steps == null ? null : steps + this.padding[0] + this.padding[1]];
  }

  protected transform(x: Tensor): Tensor {
    return dl.pad(x, [[0, 0], this.padding, [0, 0]]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), padding: this.padding };
  }

  static override fromConfig(config: LayerConfig): ZeroPadding1D {
    return new ZeroPadding1D(config['padding'] as [number, number], config as LayerArgs);
  }
}
