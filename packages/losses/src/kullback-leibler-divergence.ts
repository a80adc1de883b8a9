import { clipByValue, div, log, mul, sum, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';
import { prepare, EPSILON } from './utils';

/**
 * Kullback-Leibler divergence over the last axis, with both distributions clipped
 * to `[1e-7, 1]` as Keras does: `sum(yTrue * log(yTrue / yPred), -1)`.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue` (a trailing 1 more or less is squeezed).
 * @returns Per-sample losses, shape `[batch, ...]` (the last axis reduced).
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * kullbackLeiblerDivergence(tensor2d([[0.5, 0.5]]), tensor2d([[0.25, 0.75]])); // [0.1438]
 * ```
 */
export function kullbackLeiblerDivergence(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'kullbackLeiblerDivergence');
    const tc = clipByValue(t, EPSILON, 1);
    const pc = clipByValue(p, EPSILON, 1);
    return sum(mul(tc, log(div(tc, pc))), -1);
  });
}

/**
 * The class form of {@link kullbackLeiblerDivergence} (Keras' `KLDivergence`): per-sample values weighted and
 * reduced as `reduction` says (default `'sumOverBatchSize'`).
 *
 * @example
 * ```ts
 * const loss = new KLDivergence();
 * loss.apply(yTrue, yPred, sampleWeight); // a scalar
 * ```
 */
export class KLDivergence extends Loss {
  static override readonly className = 'KLDivergence';
  constructor(args: LossArgs = {}) {
    super(args, 'kl_divergence');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return kullbackLeiblerDivergence(yTrue, yPred);
  }
}
