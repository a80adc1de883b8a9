import type { Tensor } from '@dl/tensor';
import { positiveInt } from '../engine/checks';
import type { LayerArgs, LayerConfig } from '../engine/layer';
import { SpatialReshape, repeatAxis } from './spatial';

/**
 * Keras' UpSampling1D: repeats each step `size` times.
 *
 * Input shape: `(batch, steps, features)`. Output shape: `(batch, steps·size, features)`.
 *
 * @param size The repeat count. Default 2.
 * @throws ConfigError for a non-positive size.
 * @example
 * ```ts
 * new UpSampling1D(3).apply(ones([1, 4, 2])).shape; // [1, 12, 2]
 * ```
 */
export class UpSampling1D extends SpatialReshape {
  static override readonly className = 'UpSampling1D';
  readonly size: number;

  constructor(size = 2, args: LayerArgs = {}) {
    super(1, args, false);
    this.size = positiveInt(size, 'size', this.label);
  }

  protected spatialOutput([steps]: (number | null)[]): (number | null)[] {
    return [steps == null ? null : steps * this.size];
  }

  protected transform(x: Tensor): Tensor {
    return repeatAxis(x, 1, this.size);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), size: this.size };
  }

  static override fromConfig(config: LayerConfig): UpSampling1D {
    return new UpSampling1D(config['size'] as number, config as LayerArgs);
  }
}
