import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { ElementwiseMerge, broadcastAll } from './merge';

/**
 * Keras' Minimum: the element-wise minimum of a list of inputs. Shapes
 * broadcast as in Keras. Masks are ANDed.
 *
 * Input: a list of tensors `(batch, ...)`. Output shape: their broadcast shape.
 * Weights: none.
 *
 * @throws ShapeError when the shapes do not broadcast, or for different batch sizes.
 * @example
 * ```ts
 * const y = new Minimum().apply([tensor2d([[1, 5]]), tensor2d([[3, 2]])]); // [[1, 2]]
 * ```
 */
export class Minimum extends ElementwiseMerge {
  static override readonly className = 'Minimum';

  protected merge(xs: Tensor[]): Tensor {
    const full = broadcastAll(xs);
    return full.slice(1).reduce<Tensor>((m, x) => dl.minimum(m, x), full[0]!);
  }
}
