import { add, max, mul, relu, sub, sum, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';
import { prepare } from './utils';

/**
 * Categorical hinge loss: `max(0, max((1 - yTrue) * yPred) - sum(yTrue * yPred) + 1)`
 * over the last axis (labels one-hot).
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue` (a trailing 1 more or less is squeezed).
 * @returns Per-sample losses, shape `[batch, ...]` (the last axis reduced).
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * categoricalHinge(tensor2d([[0, 1]]), tensor2d([[0.3, 0.8]])); // [0.5]
 * ```
 */
export function categoricalHinge(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'categoricalHinge');
    const pos = sum(mul(t, p), -1);
    const neg = max(mul(sub(1, t), p), -1);
    return relu(add(sub(neg, pos), 1));
  });
}

/**
 * The class form of {@link categoricalHinge} (Keras' `CategoricalHinge`): per-sample values weighted and
 * reduced as `reduction` says (default `'sumOverBatchSize'`).
 *
 * @example
 * ```ts
 * const loss = new CategoricalHinge();
 * loss.apply(yTrue, yPred, sampleWeight); // a scalar
 * ```
 */
export class CategoricalHinge extends Loss {
  static override readonly className = 'CategoricalHinge';
  constructor(args: LossArgs = {}) {
    super(args, 'categorical_hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalHinge(yTrue, yPred);
  }
}
