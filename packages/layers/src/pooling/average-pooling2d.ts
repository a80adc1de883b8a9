import type { LayerConfig } from '../engine/layer';
import { BasePooling, type PoolingArgs } from './base-pooling';

/**
 * Keras' AveragePooling2D: the mean over windows of `poolSize` pixels, moved by `strides` (default: `poolSize`); with `same` padding the mean counts only the pixels inside the input.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`). Output shape: `(batch, pooledRows, pooledCols, channels)`, each pooled size
 * `floor((n - pool) / stride) + 1` for `valid`, `ceil(n / stride)` for `same`.
 *
 * @param poolSize A number or `[rows, cols]`. Default 2.
 * @throws ConfigError for a non-positive size or stride, an unknown padding or data format;
 *   ShapeError for an input smaller than the window.
 * @example
 * ```ts
 * new AveragePooling2D([2, 3]).apply(zeros([1, 8, 9, 3])).shape; // [1, 4, 3, 3]
 * ```
 */
export class AveragePooling2D extends BasePooling {
  static override readonly className = 'AveragePooling2D';

  constructor(poolSize: number | number[] = 2, args: PoolingArgs = {}) {
    super(2, 'avg', poolSize, args);
  }

  static override fromConfig(config: LayerConfig): AveragePooling2D {
    return new AveragePooling2D(config['poolSize'] as number[], config as PoolingArgs);
  }
}
