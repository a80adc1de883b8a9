import { divNoNan, sqrt, square, sub, tidy, type Tensor } from '@dl/tensor';
import { meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError } from '@dl/losses';
import { MeanMetricWrapper } from './mean-metric-wrapper';
import { Metric, type MetricArgs } from './metric';
import { sameShape } from './utils';

/**
 * The mean squared error over every sample since the last reset (Keras'
 * `metrics.MeanSquaredError`).
 *
 * @example
 * ```ts
 * const m = new MeanSquaredError();
 * m.updateState(tensor2d([[0, 1]]), tensor2d([[1, 1]]));
 * await m.readResult(); // 0.5
 * ```
 */
export class MeanSquaredError extends MeanMetricWrapper {
  static override readonly className = 'MeanSquaredError';
  constructor(args: MetricArgs = {}) {
    super(meanSquaredError, { name: args.name ?? 'mean_squared_error' });
  }
}

/**
 * The mean absolute error over every sample since the last reset (Keras'
 * `metrics.MeanAbsoluteError`).
 *
 * @example
 * ```ts
 * new MeanAbsoluteError().updateState(yTrue, yPred);
 * ```
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override readonly className = 'MeanAbsoluteError';
  constructor(args: MetricArgs = {}) {
    super(meanAbsoluteError, { name: args.name ?? 'mean_absolute_error' });
  }
}

/**
 * The mean absolute percentage error over every sample since the last reset
 * (Keras' `metrics.MeanAbsolutePercentageError`; denominators clipped at 1e-7).
 *
 * @example
 * ```ts
 * new MeanAbsolutePercentageError().updateState(yTrue, yPred);
 * ```
 */
export class MeanAbsolutePercentageError extends MeanMetricWrapper {
  static override readonly className = 'MeanAbsolutePercentageError';
  constructor(args: MetricArgs = {}) {
    super(meanAbsolutePercentageError, { name: args.name ?? 'mean_absolute_percentage_error' });
  }
}

/**
 * The root of the mean squared error over every sample since the last reset
 * (Keras' `RootMeanSquaredError`): the square root is taken of the epoch's
 * mean, not averaged over batches.
 *
 * @example
 * ```ts
 * const m = new RootMeanSquaredError();
 * m.updateState(tensor2d([[0], [0]]), tensor2d([[3], [4]]));
 * await m.readResult(); // 3.5355 (sqrt(12.5))
 * ```
 */
export class RootMeanSquaredError extends Metric {
  static override readonly className = 'RootMeanSquaredError';
  private readonly total = this.addWeight('total');
  private readonly count = this.addWeight('count');
  constructor(args: MetricArgs = {}) {
    super(args, 'root_mean_squared_error');
  }

  /**
   * @param yTrue Targets; `yPred` has the same shape.
   * @param yPred Predictions.
   * @param sampleWeight A weight per sample.
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    tidy(() => {
      const [t, p] = sameShape(yTrue, yPred, 'RootMeanSquaredError');
      this.addToMean(this.total, this.count, square(sub(p, t)), sampleWeight);
    });
  }

  result(): Tensor {
    this.flushPending();
    return tidy(() => sqrt(divNoNan(this.total, this.count)));
  }
}
