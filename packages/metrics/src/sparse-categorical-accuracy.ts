import { argMax, cast, equal, tidy, type Tensor } from '@dl/tensor';
import type { MetricArgs } from './metric';
import { SparseMeanMetricWrapper } from './sparse-metric';
import { sparseLabels } from './utils';

/**
 * Per-sample sparse categorical accuracy: 1 where the predicted class (argmax)
 * equals the integer label.
 *
 * @param yTrue Class ids, shape `[batch, ...]` or `[batch, ..., 1]`.
 * @param yPred Scores, shape `[batch, ..., classes]`.
 * @throws ShapeError when the shapes do not match.
 * @example
 * ```ts
 * sparseCategoricalAccuracy(tensor1d([1, 0]), tensor2d([[0.2, 0.8], [0.3, 0.7]])); // [1, 0]
 * ```
 */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const t = sparseLabels(yTrue, yPred, 'sparseCategoricalAccuracy');
    return cast(equal(t, cast(argMax(yPred, -1), 'float32')), 'float32');
  });
}

/**
 * How often the predicted class equals the integer label (Keras'
 * `SparseCategoricalAccuracy`). Labels outside `[0, numClasses)` are counted on
 * the device and raise a ConfigError when the result is read.
 *
 * @example
 * ```ts
 * const m = new SparseCategoricalAccuracy();
 * m.updateState(tensor1d([2, 1]), tensor2d([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1]]));
 * await m.readResult(); // 0.5
 * ```
 */
export class SparseCategoricalAccuracy extends SparseMeanMetricWrapper {
  static override readonly className = 'SparseCategoricalAccuracy';
  constructor(args: MetricArgs = {}) {
    super(sparseCategoricalAccuracy, { name: args.name ?? 'sparse_categorical_accuracy' });
  }
}
