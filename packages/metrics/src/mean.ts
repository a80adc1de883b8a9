import { tidy, divNoNan, type Tensor, type Variable } from '@dl/tensor';
import { Metric, type MetricArgs } from './metric';

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
    tidy(() => this.addToMean(this.total, this.count, values, sampleWeight));
  }

  result(): Tensor {
    this.flushPending();
    return tidy(() => divNoNan(this.total, this.count));
  }
}
