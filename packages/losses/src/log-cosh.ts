import { add, mean, mul, softplus, sub, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';
import { prepare } from './utils';

/**
 * Logarithm of the hyperbolic cosine of the error, averaged over the last axis:
 * `mean(log(cosh(yPred - yTrue)), -1)`, computed stably as `x + softplus(-2x) - log(2)`
 * (no overflow for large errors).
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue` (a trailing 1 more or less is squeezed).
 * @returns Per-sample losses, shape `[batch, ...]` (the last axis reduced).
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * logCosh(tensor2d([[0]]), tensor2d([[100]])); // [99.3069] (100 - log 2)
 * ```
 */
export function logCosh(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'logCosh');
    const x = sub(p, t);
    return mean(sub(add(x, softplus(mul(x, -2))), Math.LN2), -1);
  });
}

/**
 * The class form of {@link logCosh} (Keras' `LogCosh`): per-sample values weighted and
 * reduced as `reduction` says (default `'sumOverBatchSize'`).
 *
 * @example
 * ```ts
 * const loss = new LogCosh();
 * loss.apply(yTrue, yPred, sampleWeight); // a scalar
 * ```
 */
export class LogCosh extends Loss {
  static override readonly className = 'LogCosh';
  constructor(args: LossArgs = {}) {
    super(args, 'log_cosh');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return logCosh(yTrue, yPred);
  }
}
