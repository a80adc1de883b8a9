import { BaseGlobalPooling, type GlobalPoolingArgs } from './base-global-pooling';

/**
 * Keras' GlobalMaxPooling2D: the maximum over the pixels of each channel.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, channels)`; with `keepdims`, the spatial axes stay with size 1.
 *
 * @throws ConfigError for an unknown data format or a non-boolean `keepdims`.
 * @example
 * ```ts
 * new GlobalMaxPooling2D().apply(zeros([2, 5, 5, 8])).shape; // [2, 8]
 * ```
 */
export class GlobalMaxPooling2D extends BaseGlobalPooling {
  static override readonly className = 'GlobalMaxPooling2D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'max', args);
  }
}
