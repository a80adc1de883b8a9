import { abs, mean, sub, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';
import { prepare } from './utils';

/**
 * Mean absolute error over the last axis: `mean(abs(yTrue - yPred), -1)`.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue` (a trailing 1 more or less is squeezed).
 * @returns Per-sample losses, shape `[batch, ...]` (the last axis reduced).
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * meanAbsoluteError(tensor2d([[0, 1]]), tensor2d([[1, 1]])); // [0.5]
 * ```
 */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'meanAbsoluteError');
    return mean(abs(sub(t, p)), -1);
  });
}

/**
 * The class form of {@link meanAbsoluteError} (Keras' `MeanAbsoluteError`): per-sample values weighted and
 * reduced as `reduction` says (default `'sumOverBatchSize'`).
 *
 * @example
 * ```ts
 * const loss = new MeanAbsoluteError();
 * loss.apply(yTrue, yPred, sampleWeight); // a scalar
 * ```
 */
export class MeanAbsoluteError extends Loss {
  static override readonly className = 'MeanAbsoluteError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_absolute_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}
