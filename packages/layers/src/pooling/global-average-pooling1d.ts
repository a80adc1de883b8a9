import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { CallOptions } from '../engine/layer';
import { BaseGlobalPooling, type GlobalPoolingArgs } from './base-global-pooling';

/**
 * Keras' GlobalAveragePooling1D: the mean over the steps of each channel.
 * With a mask (from `Embedding({ maskZero: true })` or `Masking`), the mean
 * is over the unmasked steps only (masked values are replaced by 0, never
 * multiplied, so a NaN there does not spread), and no mask goes further.
 *
 * Input shape: `(batch, steps, channels)` (channelsFirst: `(batch, channels, steps)`); mask `(batch, steps)`.
 * Output shape: `(batch, channels)`; with `keepdims`, `(batch, 1, channels)`.
 *
 * @throws ConfigError for an unknown data format or a non-boolean `keepdims`.
 * @example
 * ```ts
 * const emb = new Embedding(100, 8, { maskZero: true });
 * new GlobalAveragePooling1D().apply(emb.apply(tensor2d([[4, 7, 0]], [1, 3], 'int32'))).shape; // [1, 8]
 * ```
 */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  static override readonly className = 'GlobalAveragePooling1D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'avg', args);
    this.supportsMasking = true;
  }

  override call(x: Tensor, options: CallOptions = {}): Tensor {
    const mask = options.mask;
    if (mask == null || Array.isArray(mask)) return super.call(x);
    return dl.tidy(() => {
      const steps = this.spatialAxes[0]!;
      const m = dl.expandDims(dl.cast(mask, 'bool'), this.dataFormat === 'channelsLast' ? 2 : 1);
      const kept = dl.where(dl.broadcastTo(m, x.shape), x, dl.zerosLike(x));
      const count = dl.sum(dl.cast(m, x.dtype), steps, this.keepdims);
      return dl.div(dl.sum(kept, steps, this.keepdims), count);
    });
  }

  override computeMask(): null {
    return null;
  }
}
