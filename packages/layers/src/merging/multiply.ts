import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { ElementwiseMerge } from './merge';

/**
 * Keras' Multiply: the product of a list of inputs, element-wise (gating).
 * Shapes broadcast as in Keras. Masks are ANDed.
 *
 * Input: a list of tensors `(batch, ...)`. Output shape: their broadcast shape.
 * Weights: none.
 *
 * @throws ShapeError when the shapes do not broadcast, or for different batch sizes.
 * @example
 * ```ts
 * const y = new Multiply().apply([tensor2d([[2, 3]]), tensor2d([[4, 5]])]); // [[8, 15]]
 * ```
 */
export class Multiply extends ElementwiseMerge {
  static override readonly className = 'Multiply';

  protected merge(xs: Tensor[]): Tensor {
    return xs.slice(1).reduce<Tensor>((product, x) => dl.mul(product, x), xs[0]!);
  }
}
