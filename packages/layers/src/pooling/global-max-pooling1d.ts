import { BaseGlobalPooling, type GlobalPoolingArgs } from './base-global-pooling';

/**
 * Keras' GlobalMaxPooling1D: the maximum over the steps of each channel.
 *
 * Input shape: `(batch, steps, channels)` (channelsFirst: `(batch, channels, steps)`).
 * Output shape: `(batch, channels)`; with `keepdims`, the spatial axes stay with size 1.
 *
 * @throws ConfigError for an unknown data format or a non-boolean `keepdims`.
 * @example
 * ```ts
 * new GlobalMaxPooling1D().apply(zeros([2, 10, 4])).shape; // [2, 4]
 * ```
 */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  static override readonly className = 'GlobalMaxPooling1D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'max', args);
  }
}
