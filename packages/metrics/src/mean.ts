import { broadcastTo, mean, mul, tidy, divNoNan, type Tensor, type Variable } from '@dl/tensor';
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

/** Where {@link addToMean} adds: a metric's `addSumLater`. */
export type AddSumLater = (v: Variable, values: Tensor, weight?: number) => void;

/**
 * Adds per-sample values (and weights) to a running total through
 * `addSum` (a metric's `addSumLater`: no kernel per batch for the sums).
 * Returns the count to add on the host when it is known there (no weights,
 * or a number weight: the caller passes it to `addLater`); with a weight
 * tensor, adds its sum to `count` the same way and returns 0. Call inside tidy.
 */
export function addToMean(
  addSum: AddSumLater, total: Variable, count: Variable, values: Tensor, sampleWeight: Tensor | number | undefined, owner: string,
): number {
  if (typeof sampleWeight === 'number') {
    const { values: v } = samplewise(values, undefined, (x, axes) => mean(x, axes), owner);
    addSum(total, v, sampleWeight);
    return sampleWeight * (v.rank >= 1 ? v.shape[0]! : 1);
  }
  const { values: v, weight } = samplewise(values, sampleWeight, (x, axes) => mean(x, axes), owner);
  addSum(total, v);
  if (weight === undefined) return v.rank >= 1 ? v.shape[0]! : 1;
  addSum(count, weight);
  return 0;
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
   * @param sampleWeight A weight per sample (or broadcastable to `values`), or one number for every sample.
   */
  updateState(values: Tensor, sampleWeight?: Tensor | number): void {
    tidy(() => this.addLater(this.count, addToMean((v, t, w) => this.addSumLater(v, t, w), this.total, this.count, values, sampleWeight, this.className)));
  }

  result(): Tensor {
    this.flushPending();
    return tidy(() => divNoNan(this.total, this.count));
  }
}
