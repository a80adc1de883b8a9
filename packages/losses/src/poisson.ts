import { add, log, mean, mul, sub, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';
import { prepare, EPSILON } from './utils';

/**
 * Poisson loss over the last axis: `mean(yPred - yTrue * log(yPred + 1e-7), -1)`.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue` (a trailing 1 more or less is squeezed).
 * @returns Per-sample losses, shape `[batch, ...]` (the last axis reduced).
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * poisson(tensor2d([[1]]), tensor2d([[1]])); // [1]
 * ```
 */
export function poisson(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'poisson');
    return mean(sub(p, mul(t, log(add(p, EPSILON)))), -1);
  });
}

/**
 * The class form of {@link poisson} (Keras' `Poisson`): per-sample values weighted and
 * reduced as `reduction` says (default `'sumOverBatchSize'`).
 *
 * @example
 * ```ts
 * const loss = new Poisson();
 * loss.apply(yTrue, yPred, sampleWeight); // a scalar
 * ```
 */
export class Poisson extends Loss {
  static override readonly className = 'Poisson';
  constructor(args: LossArgs = {}) {
    super(args, 'poisson');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return poisson(yTrue, yPred);
  }
}
