import { add, divNoNan, reshape, tidy, type Tensor, type Variable } from '@dl/tensor';
import { NEG_INF, checkThresholds, checkTopKClassId, updateConfusionMatrix } from './confusion-matrix';
import { Metric, type MetricArgs, type MetricConfig } from './metric';

/** Arguments of {@link Precision} and {@link Recall}. */
export interface PrecisionArgs extends MetricArgs {
  /** A threshold in [0, 1] or several (then the result has one value per threshold); default 0.5. */
  thresholds?: number | number[];
  /** Count only each sample's `topK` highest predictions as positive (threshold then defaults to none). */
  topK?: number;
  /** Compute the metric for this class (last-axis index) only. */
  classId?: number;
}

/**
 * Precision, `tp / (tp + fp)`, exact over every sample since the last reset
 * (Keras' `Precision`): true and false positives are summed on the device, so an
 * epoch's precision is not an average of batch precisions.
 *
 * @throws ConfigError for thresholds that are not finite numbers in [0, 1].
 * @example
 * ```ts
 * const m = new Precision();
 * m.updateState(tensor1d([0, 1, 1, 1]), tensor1d([1, 0, 1, 1]));
 * await m.readResult(); // 0.6667
 * ```
 */
export class Precision extends Metric {
  static override readonly className: string = 'Precision';
  readonly thresholds: number[];
  readonly topK: number | undefined;
  readonly classId: number | undefined;
  protected readonly truePositives: Variable;
  protected readonly falsePositives: Variable;
  protected readonly falseNegatives: Variable;
  private readonly single: boolean;

  constructor(args: PrecisionArgs = {}, defaultName = 'precision') {
    super(args, defaultName);
    const owner = (new.target as typeof Metric).className;
    checkTopKClassId(args.topK, args.classId, owner);
    this.single = args.thresholds === undefined || typeof args.thresholds === 'number';
    this.thresholds = args.thresholds === undefined
      ? [args.topK === undefined ? 0.5 : NEG_INF]
      : checkThresholds(args.thresholds, owner);
    this.topK = args.topK;
    this.classId = args.classId;
    const shape = [this.thresholds.length];
    this.truePositives = this.addWeight('true_positives', { shape });
    this.falsePositives = this.addWeight('false_positives', { shape });
    this.falseNegatives = this.addWeight('false_negatives', { shape });
  }

  /**
   * @param yTrue Labels (0 or 1), the shape of `yPred`.
   * @param yPred Predicted probabilities in [0, 1].
   * @param sampleWeight A weight per sample.
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    tidy(() => updateConfusionMatrix(
      { truePositives: this.truePositives, falsePositives: this.falsePositives, falseNegatives: this.falseNegatives },
      yTrue, yPred, sampleWeight,
      { thresholds: this.thresholds, topK: this.topK, classId: this.classId, owner: this.className },
    ));
  }

  /** The precision; a vector with one value per threshold when several were given. */
  result(): Tensor {
    return tidy(() => this.shape(divNoNan(this.truePositives, add(this.truePositives, this.falsePositives))));
  }

  protected shape(t: Tensor): Tensor {
    return this.single ? reshape(t, []) : t;
  }

  override getConfig(): MetricConfig {
    return {
      ...super.getConfig(),
      thresholds: this.single ? this.thresholds[0] : this.thresholds,
      ...(this.topK === undefined ? {} : { topK: this.topK }),
      ...(this.classId === undefined ? {} : { classId: this.classId }),
    };
  }
}
