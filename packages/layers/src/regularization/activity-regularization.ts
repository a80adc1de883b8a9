import * as dl from '@dl/tensor';
import { ConfigError, type Scalar, type Tensor } from '@dl/tensor';
import { finiteNumber, type Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';

/** ActivityRegularization's options. */
export interface ActivityRegularizationArgs extends Omit<LayerArgs, 'activityRegularizer'> {
  /** The L1 factor: adds `l1 * sum(|x|)`. Default 0. */
  l1?: number;
  /** The L2 factor: adds `l2 * sum(x²)`. Default 0. */
  l2?: number;
}

/**
 * Keras' ActivityRegularization: the identity, which adds
 * `l1 * sum(|x|) + l2 * sum(x²)` of its input to `losses` at each call
 * (Keras 3: not divided by the batch size). Masks pass through.
 *
 * Input shape: any. Output shape: the same. Weights: none.
 *
 * @throws ConfigError for a negative or non-finite factor.
 * @example
 * ```ts
 * const reg = new ActivityRegularization({ l2: 0.01 });
 * reg.apply(tensor2d([[1, 2]]));
 * reg.losses; // [0.05]
 * ```
 */
export class ActivityRegularization extends Layer {
  static override readonly className = 'ActivityRegularization';
  readonly l1: number;
  readonly l2: number;

  constructor(args: ActivityRegularizationArgs = {}) {
    super(args);
    const factor = (v: unknown, arg: string) => {
      const n = finiteNumber(v, arg, this.label);
      if (n < 0) throw new ConfigError(`Invalid \`${arg}\` for ${this.label}: expected a non-negative number, received ${n}.`);
      return n;
    };
    this.l1 = factor(args.l1 ?? 0, 'l1');
    this.l2 = factor(args.l2 ?? 0, 'l2');
    this.supportsMasking = true;
  }

  override call(x: Tensor): Tensor {
    const penalty = dl.tidy(() => {
      let loss: Tensor = dl.scalar(0);
      if (this.l1 > 0) loss = dl.add(loss, dl.mul(this.l1, dl.sum(dl.abs(x))));
      if (this.l2 > 0) loss = dl.add(loss, dl.mul(this.l2, dl.sum(dl.square(x))));
      return loss as Scalar;
    });
    this.addLoss(penalty);
    return dl.clone(x);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 };
  }
}
