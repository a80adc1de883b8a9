import type { LayerConfig } from '../engine/layer';
import { BasePooling, type PoolingArgs } from './base-pooling';

/**
 * Keras' AveragePooling1D: the mean over windows of `poolSize` steps, moved by `strides` (default: `poolSize`); with `same` padding the mean counts only the steps inside the input.
 *
 * Input shape: `(batch, steps, channels)` (channelsFirst: `(batch, channels, steps)`). Output shape: `(batch, pooledSteps, channels)`, each pooled size
 * `floor((n - pool) / stride) + 1` for `valid`, `ceil(n / stride)` for `same`.
 *
 * @param poolSize The window length. Default 2.
 * @throws ConfigError for a non-positive size or stride, an unknown padding or data format;
 *   ShapeError for an input smaller than the window.
 * @example
 * ```ts
 * new AveragePooling1D(3, { strides: 1, padding: 'same' }).apply(zeros([1, 10, 4])).shape; // [1, 10, 4]
 * ```
 */
export class AveragePooling1D extends BasePooling {
  static override readonly className = 'AveragePooling1D';

  constructor(poolSize: number | number[] = 2, args: PoolingArgs = {}) {
    super(1, 'avg', poolSize, args);
  }

  static override fromConfig(config: LayerConfig): AveragePooling1D {
    return new AveragePooling1D(config['poolSize'] as number[], config as PoolingArgs);
  }
}
