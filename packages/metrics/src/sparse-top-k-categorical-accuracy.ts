import { cast, expandDims, greater, less, mul, oneHot, sum, tidy, where, logicalAnd, greaterEqual, type Tensor } from '@dl/tensor';
import type { MetricArgs, MetricConfig } from './metric';
import { SparseMeanMetricWrapper } from './sparse-metric';
import { checkPositiveInt, sparseLabels } from './utils';

/**
 * Per-sample: 1 where the labelled class is among the `k` highest scores. Ties
 * count in the label's favour, as in Keras' `in_top_k`: the label is in the top
 * k when fewer than k classes score strictly higher.
 *
 * @param yTrue Class ids, shape `[batch]` or `[batch, 1]`.
 * @param yPred Scores, shape `[batch, classes]`.
 * @param k How many top classes count; default 5.
 * @throws ShapeError when the shapes do not match; ConfigError for a bad `k`.
 * @example
 * ```ts
 * sparseTopKCategoricalAccuracy(tensor1d([0]), tensor2d([[0.3, 0.5, 0.2]]), 2); // [1]
 * ```
 */
export function sparseTopKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  checkPositiveInt(k, 'k', 'sparseTopKCategoricalAccuracy');
  return tidy(() => {
    const t = sparseLabels(yTrue, yPred, 'sparseTopKCategoricalAccuracy');
    const numClasses = yPred.shape[yPred.rank - 1]!;
    const p = cast(yPred, 'float32');
    const valid = logicalAnd(greaterEqual(t, 0), less(t, numClasses));
    const labelScore = sum(mul(oneHot(cast(where(valid, t, 0), 'int32'), numClasses), p), -1);
    const higher = sum(cast(greater(p, expandDims(labelScore, -1)), 'float32'), -1);
    return cast(logicalAnd(valid, less(higher, k)), 'float32');
  });
}

/** Arguments of {@link SparseTopKCategoricalAccuracy}. */
export interface TopKArgs extends MetricArgs {
  /** How many top classes count; default 5. */
  k?: number;
}

/**
 * How often the integer label is among the `k` top-scored classes (Keras'
 * `SparseTopKCategoricalAccuracy`; tfjs-layers' version throws). Labels
 * outside `[0, numClasses)` raise a ConfigError when the result is read.
 *
 * @example
 * ```ts
 * const m = new SparseTopKCategoricalAccuracy({ k: 2 });
 * ```
 */
export class SparseTopKCategoricalAccuracy extends SparseMeanMetricWrapper {
  static override readonly className = 'SparseTopKCategoricalAccuracy';
  readonly k: number;
  constructor(args: TopKArgs = {}) {
    const k = checkPositiveInt(args.k ?? 5, 'k', 'SparseTopKCategoricalAccuracy');
    super((t, p) => sparseTopKCategoricalAccuracy(t, p, k), { name: args.name ?? 'sparse_top_k_categorical_accuracy' });
    this.k = k;
  }

  override getConfig(): MetricConfig {
    return { name: this.name, k: this.k };
  }
}
