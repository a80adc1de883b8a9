import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { Shape } from '../engine/checks';
import { Layer, type LayerArgs } from '../engine/layer';

/**
 * Keras' Flatten: reshapes each sample to one axis (channels-last order).
 *
 * Input shape: `(batch, ...)`. Output shape: `(batch, product of the rest)`; a rank-1 input becomes `(batch, 1)`.
 *
 * @example
 * ```ts
 * new Flatten().apply(ones([2, 3, 4])).shape; // [2, 12]
 * ```
 */
export class Flatten extends Layer {
  static override readonly className = 'Flatten';

  constructor(args: LayerArgs = {}) {
    super(args);
    this.inputSpec = { minNdim: 1 };
  }

  override call(x: Tensor): Tensor {
    return dl.reshape(x, [x.shape[0]!, -1]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    const size = rest.every((d) => d !== null) ? (rest as number[]).reduce((a, b) => a * b, 1) : null;
    return [inputShape[0] ?? null, size];
  }
}
