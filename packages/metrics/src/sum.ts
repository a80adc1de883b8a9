import { add, sum, tidy, type Tensor } from '@dl/tensor';
import { samplewise } from './utils';
import { Metric, type MetricArgs } from './metric';

/**
 * The (weighted) sum of the values given over all updates: Keras' `Sum`.
 *
 * @example
 * ```ts
 * const s = new Sum();
 * s.updateState(tensor1d([1, 3, 5, 7]));
 * console.log(await s.readResult()); // 16
 * ```
 */
export class Sum extends Metric {
  static override readonly className = 'Sum';
  private readonly total = this.addWeight('total');

  constructor(args: MetricArgs = {}) {
    super(args, 'sum');
  }

  /**
   * @param values Values of any shape.
   * @param sampleWeight Weights broadcastable to `values`.
   */
  updateState(values: Tensor, sampleWeight?: Tensor): void {
    tidy(() => {
      const { values: v } = samplewise(values, sampleWeight, (x, axes) => sum(x, axes), 'Sum');
      this.total.assign(add(this.total, sum(v)));
    });
  }

  result(): Tensor {
    return this.total.clone();
  }
}
