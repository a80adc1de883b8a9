import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { finiteNumber, type Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';

/** Masking's options. */
export interface MaskingArgs extends LayerArgs {
  /** Timesteps whose features all equal this value are masked. Default 0. */
  maskValue?: number;
}

/**
 * Keras' Masking: masks the timesteps whose features all equal `maskValue`,
 * and zeroes them; RNNs downstream skip masked steps.
 *
 * Input shape: `(batch, timesteps, features)`. Output shape: the same, with a mask `(batch, timesteps)`.
 *
 * @example
 * ```ts
 * const y = new Masking({ maskValue: 0 }).apply(x);
 * getMask(y); // true where a timestep has a non-zero feature
 * ```
 */
export class Masking extends Layer {
  static override readonly className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    super(args);
    this.maskValue = finiteNumber(args.maskValue ?? 0, 'maskValue', this.label);
    this.supportsMasking = true;
  }

  override call(x: Tensor): Tensor {
    // tfjs has no gradient for notEqual/any: the mask is a constant of the backward pass
    // (as in Keras), so the gradient is dy · keep.
    const forward = (t: Tensor, save: dl.GradSaveFunc) => {
      const keep = dl.tidy(() => dl.cast(dl.any(dl.notEqual(t, this.maskValue), -1, true), t.dtype));
      save([keep]);
      return { value: dl.mul(t, keep), gradFunc: (dy: Tensor, saved: Tensor[]) => dl.mul(dy, saved[0]!) };
    };
    return dl.customGrad(forward as unknown as Parameters<typeof dl.customGrad>[0])(x);
  }

  override computeMask(x: Tensor | Tensor[]): Tensor {
    return dl.any(dl.notEqual(x as Tensor, this.maskValue), -1);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
