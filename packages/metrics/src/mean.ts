import { add, broadcastTo, mean, mul, sum, tidy, divNoNan, type Tensor, type Variable } from '@dl/tensor';
import { Metric, type MetricArgs } from './metric';
import { checkWeight, float, squeezeOrExpand } from './utils';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * Keras' `reduce_to_samplewise_values`: per-sample values (axes past the first
 * reduced with `reduce`) times the sample weights, and the per-sample weights.
 */
export function samplewise(
  values: Tensor, sampleWeight: Tensor | undefined, reduce: (x: Tensor, axes: number[]) => Tensor, owner: string,
): { values: Tensor; weight?: Tensor } {
  let v = float(values);
  let w: Tensor | undefined;
  if (sampleWeight !== undefined) {
    [v, w] = squeezeOrExpand(v, float(sampleWeight));
    checkWeight(w.shape, v.shape, owner);
    if (v.rank > w.rank) v = reduce(v, range(w.rank, v.rank));
    w = broadcastTo(w, v.shape);
    v = mul(v, w);
    if (w.rank > 1) w = reduce(w, range(1, w.rank));
  }
  if (v.rank > 1) v = reduce(v, range(1, v.rank));
  return w === undefined ? { values: v } : { values: v, weight: w };
}

/** Adds per-sample values (and weights) to a running total and count. Call inside tidy. */
export function addToMean(total: Variable, count: Variable, values: Tensor, sampleWeight: Tensor | undefined, owner: string): void {
  const { values: v, weight } = samplewise(values, sampleWeight, (x, axes) => mean(x, axes), owner);
  // A scalar (a loss tracker's batch loss) needs no sum: one kernel less per training step.
  total.assign(add(total, v.rank === 0 ? v : sum(v)));
  count.assign(add(count, weight === undefined ? (v.rank >= 1 ? v.shape[0]! : 1) : weight.rank === 0 ? weight : sum(weight)));
}

/**
 * The (weighted) mean of the values given over all updates: Keras' `Mean`.
 *
 * @example
 * ```ts
 * const m = new Mean();
 * m.updateState(tensor1d([1, 3, 5, 7]));
 * console.log(await m.readResult()); // 4
 * ```
 */
export class Mean extends Metric {
  static override readonly className: string = 'Mean';
  protected readonly total: Variable = this.addWeight('total');
  protected readonly count: Variable = this.addWeight('count');

  constructor(args: MetricArgs = {}) {
    super(args, 'mean');
  }

  /**
   * @param values Values of shape `[batch, ...]`; axes past the first are averaged per sample.
   * @param sampleWeight A weight per sample (or broadcastable to `values`).
   */
  updateState(values: Tensor, sampleWeight?: Tensor): void {
    tidy(() => addToMean(this.total, this.count, values, sampleWeight, this.className));
  }

  result(): Tensor {
    return tidy(() => divNoNan(this.total, this.count));
  }
}
