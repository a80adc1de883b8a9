import {
  ConfigError, ShapeError, abs, add, cast, describeValue, div, reshape, greater, greaterEqual, logicalAnd, max, mean, mul,
  sub, sum, tidy, zeros, type Tensor, type Variable,
} from '@dl/tensor';
import { Metric, type MetricArgs, type MetricConfig } from './metric';
import { EPSILON, checkNumber, float } from './utils';

/** How per-class scores are combined: per class (`null`), over all entries, their mean, or weighted by support. */
export type FScoreAverage = null | 'micro' | 'macro' | 'weighted';

/** Arguments of {@link FBetaScore}. */
export interface FBetaScoreArgs extends MetricArgs {
  /** `null` (default: one score per class), `'micro'`, `'macro'` or `'weighted'`. */
  average?: FScoreAverage;
  /** The weight of recall against precision (> 0); default 1. */
  beta?: number;
  /** Predictions above it count as positive; default: each sample's highest score. */
  threshold?: number | null;
}

/**
 * The F-beta score (Keras' `FBetaScore`) from true positives, false positives
 * and false negatives per class summed on the device over every sample since
 * the last reset: `(1 + b²)·P·R / (b²·P + R)`, with Keras' epsilons.
 *
 * @throws ConfigError for a bad `average`, `beta` or `threshold`; ShapeError for inputs that are not `[batch, classes]`.
 * @example
 * ```ts
 * const m = new FBetaScore({ beta: 2, average: 'macro', threshold: 0.5 });
 * m.updateState(oneHotLabels, probabilities);
 * ```
 */
export class FBetaScore extends Metric {
  static override readonly className: string = 'FBetaScore';
  readonly average: FScoreAverage;
  readonly beta: number;
  readonly threshold: number | null;
  private state: { tp: Variable; fp: Variable; fn: Variable; support: Variable; classes: number } | undefined;

  constructor(args: FBetaScoreArgs = {}, defaultName = 'fbeta_score') {
    super(args, defaultName);
    const owner = (new.target as typeof Metric).className;
    if (args.average !== undefined && ![null, 'micro', 'macro', 'weighted'].includes(args.average)) {
      throw new ConfigError(`Invalid \`average\` for ${owner}: expected null, "micro", "macro" or "weighted", received ${describeValue(args.average)}.`);
    }
    this.average = args.average ?? null;
    this.beta = checkNumber(args.beta ?? 1, 'beta', owner, 0);
    if (this.beta <= 0) throw new ConfigError(`Invalid \`beta\` for ${owner}: expected a finite number > 0, received ${this.beta}.`);
    this.threshold = args.threshold == null ? null : checkNumber(args.threshold, 'threshold', owner, 0, 1);
  }

  private build(classes: number) {
    if (this.state !== undefined) {
      if (this.state.classes !== classes) {
        throw new ShapeError(`Invalid \`yPred\` for ${this.className} "${this.name}": expected ${this.state.classes} classes as in earlier batches, received ${classes}.`);
      }
      return this.state;
    }
    const shape = this.average === 'micro' ? [] : [classes];
    this.state = {
      tp: this.addWeight('true_positives', { shape }), fp: this.addWeight('false_positives', { shape }),
      fn: this.addWeight('false_negatives', { shape }), support: this.addWeight('intermediate_weights', { shape }), classes,
    };
    return this.state;
  }

  /**
   * @param yTrue One-hot or multi-hot labels, shape `[batch, classes]`.
   * @param yPred Scores, shape `[batch, classes]`.
   * @param sampleWeight A weight per sample, shape `[batch]`.
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    if (yTrue.rank !== 2 || yPred.rank !== 2 || yTrue.shape[0] !== yPred.shape[0] || yTrue.shape[1] !== yPred.shape[1]) {
      throw new ShapeError(`Invalid inputs for ${this.className}: expected \`yTrue\` and \`yPred\` of the same shape [batch, classes], received [${yTrue.shape.join(',')}] and [${yPred.shape.join(',')}].`);
    }
    if (sampleWeight !== undefined && (sampleWeight.size !== yPred.shape[0])) {
      throw new ShapeError(`Invalid \`sampleWeight\` for ${this.className}: expected one weight per sample ([${yPred.shape[0]}]), received [${sampleWeight.shape.join(',')}].`);
    }
    const s = this.build(yPred.shape[1]!);
    tidy(() => {
      const t = float(yTrue);
      let p = float(yPred);
      p = this.threshold === null
        ? cast(logicalAnd(greaterEqual(p, max(p, -1, true)), greater(abs(p), 1e-9)), 'float32')
        : cast(greater(p, this.threshold), 'float32');
      const w = sampleWeight === undefined ? undefined : reshape(float(sampleWeight), [-1, 1]);
      const axis = this.average === 'micro' ? undefined : 0;
      const total = (v: Tensor) => sum(w === undefined ? v : mul(v, w), axis);
      s.tp.assign(add(s.tp, total(mul(p, t))));
      s.fp.assign(add(s.fp, total(mul(p, sub(1, t)))));
      s.fn.assign(add(s.fn, total(mul(sub(1, p), t))));
      s.support.assign(add(s.support, total(t)));
    });
  }

  /** The score: per class (`average: null`) or a scalar. Zero before any update. */
  result(): Tensor {
    return tidy(() => {
      const s = this.state;
      if (s === undefined) return this.average === null ? zeros([0]) : zeros([]);
      const precision = div(s.tp, add(add(s.tp, s.fp), EPSILON));
      const recall = div(s.tp, add(add(s.tp, s.fn), EPSILON));
      const b2 = this.beta * this.beta;
      const f = mul(div(mul(precision, recall), add(add(mul(precision, b2), recall), EPSILON)), 1 + b2);
      if (this.average === 'weighted') return sum(mul(f, div(s.support, add(sum(s.support), EPSILON))));
      if (this.average !== null) return mean(f);
      return f;
    });
  }


  override getConfig(): MetricConfig {
    return { ...super.getConfig(), average: this.average, beta: this.beta, threshold: this.threshold };
  }
}
