import { abs, add, clipByValue, exp, log, log1p, mean, mul, neg, relu, sub, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs, type LossConfig } from './loss';
import { EPSILON, checkNumber, prepare, resolveAxis } from './utils';

/** Options of {@link binaryCrossentropy}. */
export interface BinaryCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities; default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels are squeezed towards 0.5 (`y * (1 - s) + 0.5 * s`); default 0. */
  labelSmoothing?: number;
  /** The axis the mean is taken over; default -1. */
  axis?: number;
}

/**
 * Elementwise binary crossentropy. Logits take the stable form
 * `max(x, 0) - x * z + log(1 + exp(-|x|))`; probabilities are clipped to
 * `[1e-7, 1 - 1e-7]` as in Keras.
 */
export function binaryCrossentropyElements(t: Tensor, p: Tensor, fromLogits: boolean): Tensor {
  if (fromLogits) return add(sub(relu(p), mul(p, t)), log1p(exp(neg(abs(p)))));
  const o = clipByValue(p, EPSILON, 1 - EPSILON);
  return neg(add(mul(t, log(o)), mul(sub(1, t), log(sub(1, o)))));
}

/**
 * Binary crossentropy between labels in [0, 1] and predicted probabilities (or
 * logits with `fromLogits: true`), averaged over `axis`.
 *
 * @param yTrue Labels, shape `[batch, ..., d]` (a label vector `[batch]` against `[batch, 1]` is fine).
 * @param yPred Probabilities or logits, the shape of `yTrue`.
 * @returns Per-sample losses, the shape without `axis`.
 * @throws ShapeError when the shapes differ; ConfigError for a bad `labelSmoothing` or `axis`.
 * @example
 * ```ts
 * binaryCrossentropy(tensor2d([[1, 0]]), tensor2d([[0.9, 0.2]])); // [0.1643]
 * binaryCrossentropy(tensor2d([[1]]), tensor2d([[-100]]), { fromLogits: true }); // [100], no overflow
 * ```
 */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, options: BinaryCrossentropyOptions = {}): Tensor {
  const smoothing = checkNumber(options.labelSmoothing ?? 0, 'labelSmoothing', 'binaryCrossentropy', 0, 1);
  return tidy(() => {
    const [t0, p] = prepare(yTrue, yPred, 'binaryCrossentropy');
    const axis = resolveAxis(options.axis ?? -1, t0.rank, 'binaryCrossentropy');
    const t = smoothing > 0 ? add(mul(t0, 1 - smoothing), 0.5 * smoothing) : t0;
    return mean(binaryCrossentropyElements(t, p, options.fromLogits ?? false), axis);
  });
}

/** Arguments of {@link BinaryCrossentropy}. */
export interface BinaryCrossentropyArgs extends LossArgs, BinaryCrossentropyOptions {}

/**
 * The class form of {@link binaryCrossentropy} (Keras' `BinaryCrossentropy`).
 *
 * @example
 * ```ts
 * new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).apply(yTrue, logits);
 * ```
 */
export class BinaryCrossentropy extends Loss {
  static override readonly className = 'BinaryCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(args: BinaryCrossentropyArgs = {}) {
    super(args, 'binary_crossentropy');
    this.fromLogits = args.fromLogits ?? false;
    this.labelSmoothing = checkNumber(args.labelSmoothing ?? 0, 'labelSmoothing', 'BinaryCrossentropy', 0, 1);
    this.axis = args.axis ?? -1;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis });
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}
