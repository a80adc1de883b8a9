import type { Tensor } from '@dl/tensor';
import type { Shape } from '../engine/checks';
import { Layer, type LayerArgs } from '../engine/layer';

/**
 * Keras' Identity: returns its input unchanged (a placeholder in a graph).
 * Masks pass through.
 *
 * Input shape: any. Output shape: the same.
 *
 * @example
 * ```ts
 * new Identity().apply(ones([2, 3])); // the same values
 * ```
 */
export class Identity extends Layer {
  static override readonly className = 'Identity';

  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override call(x: Tensor | Tensor[]): Tensor | Tensor[] {
    return x;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }
}
