import { mean, mul, relu, square, sub, tidy, type Tensor } from '@dl/tensor';
import { hingeLabels } from './hinge-labels';
import { Loss, type LossArgs } from './loss';
import { prepare } from './utils';

/**
 * Squared hinge loss over the last axis: `mean(square(max(1 - yTrue * yPred, 0)), -1)`,
 * with 0/1 labels converted to -1/1 as in {@link hinge}.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue`.
 * @returns Per-sample losses, shape `[batch, ...]`.
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * squaredHinge(tensor2d([[1, 0]]), tensor2d([[0.5, -2]])); // [0.125]
 * ```
 */
export function squaredHinge(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'squaredHinge');
    return mean(square(relu(sub(1, mul(hingeLabels(t), p)))), -1);
  });
}

/**
 * The class form of {@link squaredHinge} (Keras' `SquaredHinge`).
 *
 * @example
 * ```ts
 * new SquaredHinge().apply(yTrue, yPred);
 * ```
 */
export class SquaredHinge extends Loss {
  static override readonly className = 'SquaredHinge';
  constructor(args: LossArgs = {}) {
    super(args, 'squared_hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return squaredHinge(yTrue, yPred);
  }
}
