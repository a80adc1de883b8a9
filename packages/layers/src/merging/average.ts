import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { ElementwiseMerge } from './merge';

/**
 * Keras' Average: the mean of a list of inputs, element-wise (ensembles).
 * Shapes broadcast as in Keras. Masks are ANDed.
 *
 * Input: a list of tensors `(batch, ...)`. Output shape: their broadcast shape.
 * Weights: none.
 *
 * @throws ShapeError when the shapes do not broadcast, or for different batch sizes.
 * @example
 * ```ts
 * const y = new Average().apply([tensor2d([[1, 2]]), tensor2d([[3, 6]])]); // [[2, 4]]
 * ```
 */
export class Average extends ElementwiseMerge {
  static override readonly className = 'Average';

  protected merge(xs: Tensor[]): Tensor {
    const total = xs.slice(1).reduce<Tensor>((sum, x) => dl.add(sum, x), xs[0]!);
    return dl.div(total, dl.scalar(xs.length));
  }
}
