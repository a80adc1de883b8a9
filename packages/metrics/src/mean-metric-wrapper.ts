import { divNoNan, mul, tidy, type Tensor } from '@dl/tensor';
import { Loss, get as getLoss, type LossFunction, type SerializedLoss } from '@dl/losses';
import { Metric, type MetricArgs, type MetricConfig } from './metric';

/** A per-sample metric function: labels and predictions in, a value per sample out. */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * The (weighted) mean over all updates of a per-sample function (Keras'
 * `MeanMetricWrapper`). Given a loss (a `Loss`, its name or its JSON), it turns
 * the loss into a metric: the loss' per-sample values, averaged over the epoch,
 * with `ignoreClass` masks respected.
 *
 * @example
 * ```ts
 * const m = new MeanMetricWrapper('binaryCrossentropy');
 * m.updateState(yTrue, yPred);
 * await m.readResult(); // the epoch's mean binary crossentropy
 * ```
 */
export class MeanMetricWrapper extends Metric {
  static override readonly className: string = 'MeanMetricWrapper';
  private readonly total = this.addWeight('total');
  private readonly count = this.addWeight('count');
  readonly fn: MetricFunction;
  readonly loss: Loss | undefined;

  /**
   * @param fn A per-sample function, or a loss (instance, name such as `'binary_crossentropy'`, or JSON).
   * @throws ConfigError for an unknown loss name.
   */
  constructor(fn: MetricFunction | Loss | string | SerializedLoss, args: MetricArgs = {}) {
    const loss = typeof fn === 'function' ? undefined : getLoss(fn);
    super(args, loss?.name ?? ((fn as MetricFunction).name || 'mean_metric_wrapper'));
    this.loss = loss;
    this.fn = loss === undefined ? (fn as LossFunction) : (t, p) => loss.call(t, p);
  }

  /**
   * @param yTrue Labels.
   * @param yPred Predictions.
   * @param sampleWeight A weight per sample.
   * @throws ShapeError when the shapes do not fit.
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    tidy(() => {
      let values: Tensor;
      let weight = sampleWeight;
      if (this.loss === undefined) {
        values = this.fn(yTrue, yPred);
      } else {
        const masked = this.loss.callWithMask(yTrue, yPred);
        values = masked.values;
        if (masked.mask !== undefined) weight = weight === undefined ? masked.mask : mul(weight, masked.mask);
      }
      this.addToMean(this.total, this.count, values, weight);
    });
  }

  result(): Tensor {
    this.flushPending();
    return tidy(() => divNoNan(this.total, this.count));
  }

  override getConfig(): MetricConfig {
    return this.loss === undefined ? super.getConfig() : { ...super.getConfig(), loss: { className: this.loss.className, config: this.loss.getConfig() } };
  }
}
