import { customOp, expandDims, mean, mul, neg, scalar, square, sub, tidy, type Tensor } from '@dl/tensor';
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
    return squaredErrorMean(t, p);
  });
}

/**
 * `mean((t − p)², -1)` as one node on the gradient tape: its backward pass is
 * `dy · 2(p − t)/d` (two kernels) instead of the gradients of a mean, a
 * square and a difference (about ten), and `t`'s gradient is computed only
 * when something asks for it.
 */
/**
 * The mean of `(p − t)²` over the last axis (`all`: over every entry, a
 * scalar) as one tape node; the gradient with respect to `p` is
 * `dy·2(p − t)/n` (n the entries per mean), and its negation for `t`.
 */
function squaredErrorMean(t: Tensor, p: Tensor, all = false): Tensor {
  const d = all ? p.size : p.shape[p.rank - 1] ?? 1;
  return customOp<Tensor>({
    inputs: { t, p },
    forward: (save) => {
      const diff = sub(p, t);
      save([mul(diff, scalar(2 / d))]);
      return all ? mean(square(diff)) : mean(square(diff), -1);
    },
    backward: (dy, [slope]) => {
      const dp = () => mul(all ? dy : expandDims(dy, -1), slope!);
      return { p: dp, t: () => neg(dp()) };
    },
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

  /** The mean over every entry as one op (see `Loss.callMean`). */
  protected override callMean(yTrue: Tensor, yPred: Tensor): Tensor | null {
    if (yPred.size === 0) return null;
    const [t, p] = prepare(yTrue, yPred, 'MeanSquaredError');
    return squaredErrorMean(t, p, true);
  }
}
