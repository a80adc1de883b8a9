import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { ElementwiseMerge, broadcastAll } from './merge';

/**
 * Keras' Maximum: the element-wise maximum of a list of inputs. Shapes
 * broadcast as in Keras. Masks are ANDed.
 *
 * Input: a list of tensors `(batch, ...)`. Output shape: their broadcast shape.
 * Weights: none.
 *
 * @throws ShapeError when the shapes do not broadcast, or for different batch sizes.
 * @example
 * ```ts
 * const y = new Maximum().apply([tensor2d([[1, 5]]), tensor2d([[3, 2]])]); // [[3, 5]]
 * ```
 */
export class Maximum extends ElementwiseMerge {
  static override readonly className = 'Maximum';

  protected merge(xs: Tensor[]): Tensor {
    const full = broadcastAll(xs);
    return full.slice(1).reduce<Tensor>((m, x) => dl.maximum(m, x), full[0]!);
  }
}
