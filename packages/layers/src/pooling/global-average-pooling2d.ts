import { BaseGlobalPooling, type GlobalPoolingArgs } from './base-global-pooling';

/**
 * Keras' GlobalAveragePooling2D: the mean over the pixels of each channel (the usual head of a convnet before its classifier).
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, channels)`; with `keepdims`, the spatial axes stay with size 1.
 *
 * @throws ConfigError for an unknown data format or a non-boolean `keepdims`.
 * @example
 * ```ts
 * new GlobalAveragePooling2D().apply(zeros([2, 5, 5, 8])).shape; // [2, 8]
 * ```
 */
export class GlobalAveragePooling2D extends BaseGlobalPooling {
  static override readonly className = 'GlobalAveragePooling2D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'avg', args);
  }
}
