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
    return dl.tidy(() => {
      const keep = dl.any(dl.notEqual(x, this.maskValue), -1, true);
      return dl.mul(x, dl.cast(keep, x.dtype));
    });
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
