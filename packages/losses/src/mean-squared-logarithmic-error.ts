import { log1p, maximum, mean, square, sub, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';
import { prepare, EPSILON } from './utils';

/**
 * Mean squared logarithmic error over the last axis:
 * `mean(square(log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1)), -1)`.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue` (a trailing 1 more or less is squeezed).
 * @returns Per-sample losses, shape `[batch, ...]` (the last axis reduced).
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * meanSquaredLogarithmicError(tensor2d([[0, Math.E - 1]]), tensor2d([[0, 0]])); // [0.5]
 * ```
 */
export function meanSquaredLogarithmicError(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'meanSquaredLogarithmicError');
    return mean(square(sub(log1p(maximum(p, EPSILON)), log1p(maximum(t, EPSILON)))), -1);
  });
}

/**
 * The class form of {@link meanSquaredLogarithmicError} (Keras' `MeanSquaredLogarithmicError`): per-sample values weighted and
 * reduced as `reduction` says (default `'sumOverBatchSize'`).
 *
 * @example
 * ```ts
 * const loss = new MeanSquaredLogarithmicError();
 * loss.apply(yTrue, yPred, sampleWeight); // a scalar
 * ```
 */
export class MeanSquaredLogarithmicError extends Loss {
  static override readonly className = 'MeanSquaredLogarithmicError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_squared_logarithmic_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredLogarithmicError(yTrue, yPred);
  }
}
