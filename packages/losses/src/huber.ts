import { abs, add, mean, minimum, mul, square, sub, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs, type LossConfig } from './loss';
import { checkNumber, prepare } from './utils';

/** Options of {@link huber}. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear; default 1. */
  delta?: number;
}

/**
 * Huber loss over the last axis: `0.5 * e^2` where `|e| <= delta`, else
 * `delta * |e| - 0.5 * delta^2`, with `e = yPred - yTrue`.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue`.
 * @returns Per-sample losses, shape `[batch, ...]`.
 * @throws ShapeError when the shapes differ; ConfigError for a non-finite or negative `delta`.
 * @example
 * ```ts
 * huber(tensor2d([[0, 0]]), tensor2d([[0.5, 3]])); // [(0.125 + 2.5) / 2] = [1.3125]
 * ```
 */
export function huber(yTrue: Tensor, yPred: Tensor, options: HuberOptions = {}): Tensor {
  const delta = checkNumber(options.delta ?? 1, 'delta', 'huber', 0);
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'huber');
    // q = min(|e|, delta): 0.5·q² + delta·(|e| − q) is 0.5·e² up to delta and
    // delta·|e| − 0.5·delta² past it, Keras' two branches, written without a
    // `where` on a comparison, which has no gradient in tfjs-core (training failed).
    const a = abs(sub(p, t));
    const q = minimum(a, delta);
    return mean(add(mul(square(q), 0.5), mul(sub(a, q), delta)), -1);
  });
}

/** Arguments of {@link Huber}. */
export interface HuberArgs extends LossArgs, HuberOptions {}

/**
 * The class form of {@link huber} (Keras' `Huber`, named `'huber_loss'`).
 *
 * @example
 * ```ts
 * new Huber({ delta: 0.5 }).apply(yTrue, yPred);
 * ```
 */
export class Huber extends Loss {
  static override readonly className = 'Huber';
  readonly delta: number;
  constructor(args: HuberArgs = {}) {
    super(args, 'huber_loss');
    this.delta = checkNumber(args.delta ?? 1, 'delta', 'Huber', 0);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return huber(yTrue, yPred, { delta: this.delta });
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), delta: this.delta };
  }
}
