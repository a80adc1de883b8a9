import { abs, div, maximum, mean, mul, sub, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';
import { prepare, EPSILON } from './utils';

/**
 * Mean absolute percentage error over the last axis:
 * `100 * mean(abs((yTrue - yPred) / max(abs(yTrue), 1e-7)), -1)` (Keras clips the
 * denominator at its epsilon, so a zero label gives a large finite value).
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue` (a trailing 1 more or less is squeezed).
 * @returns Per-sample losses, shape `[batch, ...]` (the last axis reduced).
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * meanAbsolutePercentageError(tensor2d([[2, 4]]), tensor2d([[1, 4]])); // [25]
 * ```
 */
export function meanAbsolutePercentageError(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'meanAbsolutePercentageError');
    return mul(mean(abs(div(sub(t, p), maximum(abs(t), EPSILON))), -1), 100);
  });
}

/**
 * The class form of {@link meanAbsolutePercentageError} (Keras' `MeanAbsolutePercentageError`): per-sample values weighted and
 * reduced as `reduction` says (default `'sumOverBatchSize'`).
 *
 * @example
 * ```ts
 * const loss = new MeanAbsolutePercentageError();
 * loss.apply(yTrue, yPred, sampleWeight); // a scalar
 * ```
 */
export class MeanAbsolutePercentageError extends Loss {
  static override readonly className = 'MeanAbsolutePercentageError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_absolute_percentage_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsolutePercentageError(yTrue, yPred);
  }
}
