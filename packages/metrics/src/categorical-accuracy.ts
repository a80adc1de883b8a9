import { argMax, cast, equal, tidy, type Tensor } from '@dl/tensor';
import { MeanMetricWrapper } from './mean-metric-wrapper';
import type { MetricArgs } from './metric';
import { sameShape } from './utils';

/**
 * Per-sample categorical accuracy: 1 where the predicted class (argmax) is the
 * labelled one (argmax of the one-hot label).
 *
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * categoricalAccuracy(tensor2d([[0, 1], [1, 0]]), tensor2d([[0.2, 0.8], [0.3, 0.7]])); // [1, 0]
 * ```
 */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = sameShape(yTrue, yPred, 'categoricalAccuracy');
    return cast(equal(argMax(t, -1), argMax(p, -1)), 'float32');
  });
}

/**
 * How often the predicted class matches the one-hot label (Keras' `CategoricalAccuracy`).
 *
 * @example
 * ```ts
 * const m = new CategoricalAccuracy();
 * m.updateState(oneHotLabels, probabilities);
 * ```
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'CategoricalAccuracy';
  constructor(args: MetricArgs = {}) {
    super(categoricalAccuracy, { name: args.name ?? 'categorical_accuracy' });
  }
}
