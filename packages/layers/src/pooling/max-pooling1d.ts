import type { LayerConfig } from '../engine/layer';
import { BasePooling, type PoolingArgs } from './base-pooling';

/**
 * Keras' MaxPooling1D: the maximum over windows of `poolSize` steps, moved by `strides` (default: `poolSize`).
 *
 * Input shape: `(batch, steps, channels)` (channelsFirst: `(batch, channels, steps)`). Output shape: `(batch, pooledSteps, channels)`, each pooled size
 * `floor((n - pool) / stride) + 1` for `valid`, `ceil(n / stride)` for `same`.
 *
 * @param poolSize The window length. Default 2.
 * @throws ConfigError for a non-positive size or stride, an unknown padding or data format;
 *   ShapeError for an input smaller than the window.
 * @example
 * ```ts
 * new MaxPooling1D(2).apply(zeros([1, 10, 4])).shape; // [1, 5, 4]
 * ```
 */
export class MaxPooling1D extends BasePooling {
  static override readonly className = 'MaxPooling1D';

  constructor(poolSize: number | number[] = 2, args: PoolingArgs = {}) {
    super(1, 'max', poolSize, args);
  }

  static override fromConfig(config: LayerConfig): MaxPooling1D {
    return new MaxPooling1D(config['poolSize'] as number[], config as PoolingArgs);
  }
}
