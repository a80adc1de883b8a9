import { cast, equal, greater, mean, tidy, type Tensor } from '@dl/tensor';
import { MeanMetricWrapper } from './mean-metric-wrapper';
import type { MetricArgs, MetricConfig } from './metric';
import { checkNumber, sameShape } from './utils';

/**
 * Per-sample binary accuracy: predictions above `threshold` count as 1, and the
 * matches are averaged over the last axis.
 *
 * @throws ShapeError when the shapes differ; ConfigError for a non-finite threshold.
 * @example
 * ```ts
 * binaryAccuracy(tensor2d([[1], [0]]), tensor2d([[0.7], [0.6]])); // [1, 0]
 * ```
 */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  checkNumber(threshold, 'threshold', 'binaryAccuracy');
  return tidy(() => {
    const [t, p] = sameShape(yTrue, yPred, 'binaryAccuracy');
    return mean(cast(equal(t, cast(greater(p, threshold), 'float32')), 'float32'), -1);
  });
}

/** Arguments of {@link BinaryAccuracy}. */
export interface BinaryAccuracyArgs extends MetricArgs {
  /** Predictions above it count as 1; default 0.5. */
  threshold?: number;
}

/**
 * How often binary predictions match their labels (Keras' `BinaryAccuracy`).
 *
 * @throws ConfigError for a non-finite `threshold`.
 * @example
 * ```ts
 * const m = new BinaryAccuracy({ threshold: 0.3 });
 * m.updateState(yTrue, yPred);
 * ```
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  static override readonly className = 'BinaryAccuracy';
  readonly threshold: number;
  constructor(args: BinaryAccuracyArgs = {}) {
    const threshold = checkNumber(args.threshold ?? 0.5, 'threshold', 'BinaryAccuracy');
    super((t, p) => binaryAccuracy(t, p, threshold), { name: args.name ?? 'binary_accuracy' });
    this.threshold = threshold;
  }

  override getConfig(): MetricConfig {
    return { name: this.name, threshold: this.threshold };
  }
}
