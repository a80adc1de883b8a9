import { argMax, tidy, type Tensor } from '@dl/tensor';
import { MeanMetricWrapper } from './mean-metric-wrapper';
import type { MetricConfig } from './metric';
import { sparseTopKCategoricalAccuracy, type TopKArgs } from './sparse-top-k-categorical-accuracy';
import { checkPositiveInt, sameShape } from './utils';

/**
 * Per-sample: 1 where the one-hot label's class is among the `k` highest scores
 * (ties in the label's favour, as Keras).
 *
 * @throws ShapeError when the shapes differ; ConfigError for a bad `k`.
 * @example
 * ```ts
 * topKCategoricalAccuracy(tensor2d([[1, 0, 0]]), tensor2d([[0.3, 0.5, 0.2]]), 2); // [1]
 * ```
 */
export function topKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  return tidy(() => {
    const [t, p] = sameShape(yTrue, yPred, 'topKCategoricalAccuracy');
    return sparseTopKCategoricalAccuracy(argMax(t, -1), p, k);
  });
}

/**
 * How often the one-hot label's class is among the `k` top-scored classes
 * (Keras' `TopKCategoricalAccuracy`; tfjs-layers' version throws).
 *
 * @example
 * ```ts
 * const m = new TopKCategoricalAccuracy({ k: 3 });
 * ```
 */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'TopKCategoricalAccuracy';
  readonly k: number;
  constructor(args: TopKArgs = {}) {
    const k = checkPositiveInt(args.k ?? 5, 'k', 'TopKCategoricalAccuracy');
    super((t, p) => topKCategoricalAccuracy(t, p, k), { name: args.name ?? 'top_k_categorical_accuracy' });
    this.k = k;
  }

  override getConfig(): MetricConfig {
    return { name: this.name, k: this.k };
  }
}
