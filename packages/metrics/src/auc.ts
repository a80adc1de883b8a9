import {
  ConfigError, add, describeValue, div, divNoNan, greater, log, logicalAnd, maximum, minimum, mul, onesLike, sigmoid,
  slice, sub, sum, tidy, where, type Tensor, type Variable,
} from '@dl/tensor';
import { checkThresholds, updateConfusionMatrix } from './confusion-matrix';
import { Metric, type MetricArgs, type MetricConfig } from './metric';
import { EPSILON, checkPositiveInt } from './utils';

/** Arguments of {@link AUC}. */
export interface AUCArgs extends MetricArgs {
  /** How many thresholds discretize the curve (>= 2); default 200. */
  numThresholds?: number;
  /** `'ROC'` (default) or `'PR'` (precision-recall). */
  curve?: 'ROC' | 'PR';
  /** `'interpolation'` (default; for PR, Davis & Goadrich's interpolation), `'minoring'` or `'majoring'`. */
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** Explicit thresholds in [0, 1] (then `numThresholds` is their count + 2). */
  thresholds?: number[];
  /** Whether predictions are logits (a sigmoid is applied); default false. */
  fromLogits?: boolean;
}

/**
 * Area under the ROC or precision-recall curve (Keras' `AUC`), from
 * true/false positive/negative counts at `numThresholds` thresholds summed on
 * the device over every sample since the last reset: an epoch's AUC is the AUC
 * of all its samples, not the mean of batch AUCs.
 *
 * @throws ConfigError for a bad `numThresholds`, `curve`, `summationMethod` or threshold.
 * @example
 * ```ts
 * const m = new AUC({ numThresholds: 3 });
 * m.updateState(tensor1d([0, 0, 1, 1]), tensor1d([0, 0.5, 0.3, 0.9]));
 * await m.readResult(); // 0.75
 * ```
 */
export class AUC extends Metric {
  static override readonly className = 'AUC';
  readonly numThresholds: number;
  readonly curve: 'ROC' | 'PR';
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  readonly fromLogits: boolean;
  private readonly userThresholds: number[] | undefined;
  private readonly thresholdList: number[];
  private readonly tp: Variable;
  private readonly fp: Variable;
  private readonly tn: Variable;
  private readonly fn: Variable;

  constructor(args: AUCArgs = {}) {
    super(args, 'auc');
    if (args.curve !== undefined && args.curve !== 'ROC' && args.curve !== 'PR') {
      throw new ConfigError(`Invalid \`curve\` for AUC: expected "ROC" or "PR", received ${describeValue(args.curve)}.`);
    }
    const methods = ['interpolation', 'minoring', 'majoring'];
    if (args.summationMethod !== undefined && !methods.includes(args.summationMethod)) {
      throw new ConfigError(`Invalid \`summationMethod\` for AUC: expected "interpolation", "minoring" or "majoring", received ${describeValue(args.summationMethod)}.`);
    }
    this.curve = args.curve ?? 'ROC';
    this.summationMethod = args.summationMethod ?? 'interpolation';
    this.fromLogits = args.fromLogits ?? false;
    let inner: number[];
    if (args.thresholds !== undefined) {
      this.userThresholds = [...checkThresholds(args.thresholds, 'AUC')].sort((a, b) => a - b);
      inner = this.userThresholds;
    } else {
      const n = checkPositiveInt(args.numThresholds ?? 200, 'numThresholds', 'AUC', 2);
      inner = Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1));
    }
    // Keras' end points: just below 0 and just above 1, so every prediction falls inside.
    this.thresholdList = [0 - EPSILON, ...inner, 1 + EPSILON];
    this.numThresholds = this.thresholdList.length;
    const shape = [this.numThresholds];
    this.tp = this.addWeight('true_positives', { shape });
    this.fp = this.addWeight('false_positives', { shape });
    this.tn = this.addWeight('true_negatives', { shape });
    this.fn = this.addWeight('false_negatives', { shape });
  }

  /**
   * @param yTrue Labels (0 or 1), the shape of `yPred`.
   * @param yPred Probabilities in [0, 1] (or logits with `fromLogits`).
   * @param sampleWeight A weight per sample.
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    tidy(() => updateConfusionMatrix(
      { truePositives: this.tp, falsePositives: this.fp, trueNegatives: this.tn, falseNegatives: this.fn },
      yTrue, this.fromLogits ? sigmoid(yPred) : yPred, sampleWeight,
      { thresholds: this.thresholdList, owner: 'AUC' },
    ));
  }

  result(): Tensor {
    return tidy(() => {
      const n = this.numThresholds;
      const head = (t: Tensor) => slice(t, [0], [n - 1]);
      const tail = (t: Tensor) => slice(t, [1], [n - 1]);
      if (this.curve === 'PR' && this.summationMethod === 'interpolation') return this.interpolatePrAuc(head, tail);
      const recall = divNoNan(this.tp, add(this.tp, this.fn));
      const [x, y] = this.curve === 'ROC'
        ? [divNoNan(this.fp, add(this.fp, this.tn)), recall]
        : [recall, divNoNan(this.tp, add(this.tp, this.fp))];
      const heights = this.summationMethod === 'interpolation' ? div(add(head(y), tail(y)), 2)
        : this.summationMethod === 'minoring' ? minimum(head(y), tail(y)) : maximum(head(y), tail(y));
      return sum(mul(sub(head(x), tail(x)), heights));
    });
  }

  // Davis & Goadrich (2006): precision interpolated between thresholds, as Keras' interpolate_pr_auc.
  private interpolatePrAuc(head: (t: Tensor) => Tensor, tail: (t: Tensor) => Tensor): Tensor {
    const dtp = sub(head(this.tp), tail(this.tp));
    const p = add(this.tp, this.fp);
    const dp = sub(head(p), tail(p));
    const slope = divNoNan(dtp, maximum(dp, 0));
    const intercept = sub(tail(this.tp), mul(slope, tail(p)));
    const bothPositive = logicalAnd(greater(head(p), 0), greater(tail(p), 0));
    const ratio = where(bothPositive, divNoNan(head(p), maximum(tail(p), 0)), onesLike(tail(p)));
    const increments = divNoNan(mul(slope, add(dtp, mul(intercept, log(ratio)))), maximum(add(tail(this.tp), tail(this.fn)), 0));
    return sum(increments);
  }

  override getConfig(): MetricConfig {
    return {
      ...super.getConfig(), numThresholds: this.numThresholds, curve: this.curve, summationMethod: this.summationMethod,
      fromLogits: this.fromLogits, ...(this.userThresholds === undefined ? {} : { thresholds: this.userThresholds }),
    };
  }
}
