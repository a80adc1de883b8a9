import { mean, mul, relu, sub, tidy, type Tensor } from '@dl/tensor';
import { hingeLabels } from './hinge-labels';
import { Loss, type LossArgs } from './loss';
import { prepare } from './utils';

/**
 * Hinge loss over the last axis: `mean(max(1 - yTrue * yPred, 0), -1)`. Labels
 * are -1 or 1; labels that are all 0 or 1 are converted to -1 or 1 first, as in Keras.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue`.
 * @returns Per-sample losses, shape `[batch, ...]`.
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * hinge(tensor2d([[1, 0]]), tensor2d([[0.5, -2]])); // [0.25]
 * ```
 */
export function hinge(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'hinge');
    return mean(relu(sub(1, mul(hingeLabels(t), p))), -1);
  });
}

/**
 * The class form of {@link hinge} (Keras' `Hinge`).
 *
 * @example
 * ```ts
 * new Hinge().apply(yTrue, yPred);
 * ```
 */
export class Hinge extends Loss {
  static override readonly className = 'Hinge';
  constructor(args: LossArgs = {}) {
    super(args, 'hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return hinge(yTrue, yPred);
  }
}
