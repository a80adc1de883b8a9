import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { ElementwiseMerge } from './merge';

/**
 * Keras' Add: the sum of a list of inputs, element-wise (residual
 * connections). Shapes broadcast as in Keras (sizes equal or 1; a
 * lower-rank input is expanded at axis 1). Masks are ANDed.
 *
 * Input: a list of tensors `(batch, ...)`. Output shape: their broadcast shape.
 * Weights: none.
 *
 * @throws ShapeError when the shapes do not broadcast (naming the layer and the shapes), or for different batch sizes.
 * @example
 * ```ts
 * const y = new Add().apply([ones([2, 3]), ones([2, 3])]); // [[2, 2, 2], [2, 2, 2]]
 * ```
 */
export class Add extends ElementwiseMerge {
  static override readonly className = 'Add';

  protected merge(xs: Tensor[]): Tensor {
    return xs.slice(1).reduce<Tensor>((sum, x) => dl.add(sum, x), xs[0]!);
  }
}
