import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { LayerArgs } from '../engine/layer';
import { ElementwiseMerge } from './merge';

/**
 * Keras' Subtract: `inputs[0] - inputs[1]`, element-wise, for exactly two
 * inputs (shapes broadcast as in Keras). Masks are ANDed.
 *
 * Input: a list of two tensors `(batch, ...)`. Output shape: their broadcast shape.
 * Weights: none.
 *
 * @throws ShapeError for a number of inputs other than 2, or shapes that do not broadcast.
 * @example
 * ```ts
 * const d = new Subtract().apply([tensor2d([[3, 4]]), tensor2d([[1, 1]])]); // [[2, 3]]
 * ```
 */
export class Subtract extends ElementwiseMerge {
  static override readonly className = 'Subtract';

  constructor(args: LayerArgs = {}) {
    super(args);
    this.minInputs = 2;
    this.maxInputs = 2;
  }

  protected merge(xs: Tensor[]): Tensor {
    return dl.sub(xs[0]!, xs[1]!);
  }
}
