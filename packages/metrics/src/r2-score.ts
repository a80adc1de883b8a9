import {
  ConfigError, ShapeError, add, broadcastTo, describeValue, div, greater, isInf, mean, mul, reshape, scalar, square, sub, sum, tidy,
  where, zerosLike, type Tensor, type Variable,
} from '@dl/tensor';
import { Metric, type MetricArgs, type MetricConfig } from './metric';
import { checkPositiveInt, float, sameShape } from './utils';

/** How per-output R² scores are combined. */
export type R2Aggregation = 'uniformAverage' | 'varianceWeightedAverage' | null;

/** Arguments of {@link R2Score}. */
export interface R2ScoreArgs extends MetricArgs {
  /** `'uniformAverage'` (default), `'varianceWeightedAverage'`, or `null` for one score per output. */
  classAggregation?: R2Aggregation;
  /** The number of regressors, for the adjusted R²; default 0 (plain R²). */
  numRegressors?: number;
}

const AGGREGATIONS: Record<string, R2Aggregation> = {
  uniformAverage: 'uniformAverage', uniform_average: 'uniformAverage',
  varianceWeightedAverage: 'varianceWeightedAverage', variance_weighted_average: 'varianceWeightedAverage',
};

/**
 * The coefficient of determination, R² (Keras' `R2Score`), from sums over every
 * sample since the last reset (exact over an epoch), with Keras' aggregation
 * and adjusted-R² options.
 *
 * @throws ConfigError for a bad `classAggregation` or `numRegressors`; ShapeError for inputs that are not `[batch, outputs]`.
 * @example
 * ```ts
 * const m = new R2Score();
 * m.updateState(tensor2d([[1], [2], [3]]), tensor2d([[1], [2], [4]]));
 * await m.readResult(); // 0.5
 * ```
 */
export class R2Score extends Metric {
  static override readonly className = 'R2Score';
  readonly classAggregation: R2Aggregation;
  readonly numRegressors: number;
  private state: { sum: Variable; squaredSum: Variable; totalMse: Variable; count: Variable; numSamples: Variable; outputs: number } | undefined;

  constructor(args: R2ScoreArgs = {}) {
    super(args, 'r2_score');
    const agg = args.classAggregation;
    if (agg !== undefined && agg !== null && AGGREGATIONS[agg] === undefined) {
      throw new ConfigError(`Invalid \`classAggregation\` for R2Score: expected "uniformAverage", "varianceWeightedAverage" or null, received ${describeValue(agg)}.`);
    }
    this.classAggregation = agg === undefined ? 'uniformAverage' : agg === null ? null : AGGREGATIONS[agg]!;
    this.numRegressors = checkPositiveInt(args.numRegressors ?? 0, 'numRegressors', 'R2Score', 0);
  }

  private build(outputs: number) {
    if (this.state !== undefined) {
      if (this.state.outputs !== outputs) {
        throw new ShapeError(`Invalid \`yPred\` for R2Score "${this.name}": expected ${this.state.outputs} outputs as in earlier batches, received ${outputs}.`);
      }
      return this.state;
    }
    const shape = [outputs];
    this.state = {
      sum: this.addWeight('sum', { shape }), squaredSum: this.addWeight('squared_sum', { shape }),
      totalMse: this.addWeight('residual', { shape }), count: this.addWeight('count', { shape }),
      numSamples: this.addWeight('num_samples'), outputs,
    };
    return this.state;
  }

  /**
   * @param yTrue Targets, shape `[batch, outputs]`.
   * @param yPred Predictions, the same shape.
   * @param sampleWeight A weight per sample (`[batch]`) or per entry.
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    const [t0, p0] = tidy(() => sameShape(yTrue, yPred, 'R2Score'));
    try {
      if (t0.rank !== 2) {
        throw new ShapeError(`Invalid inputs for R2Score: expected 2D \`yTrue\` and \`yPred\` of shape [batch, outputs], received [${yTrue.shape.join(',')}].`);
      }
      const s = this.build(t0.shape[1]!);
      tidy(() => {
        let w = sampleWeight === undefined ? scalar(1) : float(sampleWeight);
        if (w.rank === 1) w = reshape(w, [-1, 1]);
        w = broadcastTo(w, t0.shape);
        const wt = mul(t0, w);
        s.sum.assign(add(s.sum, sum(wt, 0)));
        s.squaredSum.assign(add(s.squaredSum, sum(mul(t0, wt), 0)));
        s.totalMse.assign(add(s.totalMse, sum(mul(square(sub(t0, p0)), w), 0)));
        s.count.assign(add(s.count, sum(w, 0)));
        s.numSamples.assign(add(s.numSamples, t0.size));
      });
    } finally {
      if (t0 !== yTrue) t0.dispose();
      if (p0 !== yPred) p0.dispose();
    }
  }

  result(): Tensor {
    return tidy(() => {
      const s = this.state;
      if (s === undefined) return scalar(0);
      const m = div(s.sum, s.count);
      const total = sub(s.squaredSum, mul(s.sum, m));
      let raw = sub(1, div(s.totalMse, total));
      raw = where(isInf(raw), zerosLike(raw), raw);
      if (this.classAggregation === null) return raw;
      let r2 = this.classAggregation === 'uniformAverage' ? mean(raw) : div(sum(mul(total, raw)), sum(total));
      if (this.numRegressors !== 0) {
        // Adjusted R², where numSamples - 1 > numRegressors (else R² as is, as Keras does after its warning).
        const n = s.numSamples;
        const adjusted = sub(1, div(mul(sub(1, r2), sub(n, 1)), sub(sub(n, this.numRegressors), 1)));
        r2 = where(greater(sub(n, 1), this.numRegressors), adjusted, r2);
      }
      return r2;
    });
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), classAggregation: this.classAggregation, numRegressors: this.numRegressors };
  }
}
