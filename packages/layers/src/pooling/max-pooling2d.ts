import type { LayerConfig } from '../engine/layer';
import { BasePooling, type PoolingArgs } from './base-pooling';

/**
 * Keras' MaxPooling2D: the maximum over windows of `poolSize` pixels, moved by `strides` (default: `poolSize`): halves the image for the default 2×2.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`). Output shape: `(batch, pooledRows, pooledCols, channels)`, each pooled size
 * `floor((n - pool) / stride) + 1` for `valid`, `ceil(n / stride)` for `same`.
 *
 * @param poolSize A number or `[rows, cols]`. Default 2.
 * @throws ConfigError for a non-positive size or stride, an unknown padding or data format;
 *   ShapeError for an input smaller than the window.
 * @example
 * ```ts
 * new MaxPooling2D(2).apply(zeros([1, 26, 26, 32])).shape; // [1, 13, 13, 32]
 * ```
 */
export class MaxPooling2D extends BasePooling {
  static override readonly className = 'MaxPooling2D';

  constructor(poolSize: number | number[] = 2, args: PoolingArgs = {}) {
    super(2, 'max', poolSize, args);
  }

  static override fromConfig(config: LayerConfig): MaxPooling2D {
    return new MaxPooling2D(config['poolSize'] as number[], config as PoolingArgs);
  }
}
