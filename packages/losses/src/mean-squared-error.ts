import { mean, squaredDifference, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';
import { prepare } from './utils';

/**
 * Mean squared error over the last axis: `mean(square(yTrue - yPred), -1)`.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue` (a trailing 1 more or less is squeezed).
 * @returns Per-sample losses, shape `[batch, ...]` (the last axis reduced).
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * meanSquaredError(tensor2d([[0, 1]]), tensor2d([[1, 1]])); // [0.5]
 * ```
 */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'meanSquaredError');
    // One SquaredDifference kernel (and gradient) rather than sub then square: the same values.
    return mean(squaredDifference(t, p), -1);
  });
}

/**
 * The class form of {@link meanSquaredError} (Keras' `MeanSquaredError`): per-sample values weighted and
 * reduced as `reduction` says (default `'sumOverBatchSize'`).
 *
 * @example
 * ```ts
 * const loss = new MeanSquaredError();
 * loss.apply(yTrue, yPred, sampleWeight); // a scalar
 * ```
 */
export class MeanSquaredError extends Loss {
  static override readonly className = 'MeanSquaredError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_squared_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredError(yTrue, yPred);
  }
}
