import { add, clipByValue, div, log, logSoftmax, mul, neg, sum, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs, type LossConfig } from './loss';
import { EPSILON, alongAxis, checkNumber, prepare, resolveAxis } from './utils';

/** Options of {@link categoricalCrossentropy}. */
export interface CategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities; default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels become `y * (1 - s) + s / numClasses`; default 0. */
  labelSmoothing?: number;
  /** The class axis; default -1. */
  axis?: number;
}

/**
 * Log-probabilities along `axis`: a stable log-softmax for logits; for
 * probabilities, Keras' path (rescale to sum 1, clip to `[1e-7, 1 - 1e-7]`, log).
 */
export function logProbabilities(p: Tensor, axis: number, fromLogits: boolean): Tensor {
  if (fromLogits) return alongAxis(p, axis, (x) => logSoftmax(x));
  return log(clipByValue(div(p, sum(p, axis, true)), EPSILON, 1 - EPSILON));
}

/** Keras' categorical label smoothing: `y * (1 - s) + s / numClasses` (classes on the last axis). */
export function smoothCategorical(t: Tensor, smoothing: number): Tensor {
  return smoothing > 0 ? add(mul(t, 1 - smoothing), smoothing / (t.shape[t.rank - 1] ?? 1)) : t;
}

/**
 * Categorical crossentropy between one-hot (or soft) labels and predicted
 * probabilities (or logits with `fromLogits: true`): `-sum(yTrue * log(p), axis)`.
 *
 * @param yTrue One-hot or soft labels, shape `[batch, ..., classes]`.
 * @param yPred Probabilities or logits, the shape of `yTrue`.
 * @returns Per-sample losses, the shape without `axis`.
 * @throws ShapeError when the shapes differ; ConfigError for a bad `labelSmoothing` or `axis`.
 * @example
 * ```ts
 * categoricalCrossentropy(tensor2d([[0, 1, 0]]), tensor2d([[0.05, 0.95, 0]])); // [0.0513]
 * ```
 */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CategoricalCrossentropyOptions = {}): Tensor {
  const smoothing = checkNumber(options.labelSmoothing ?? 0, 'labelSmoothing', 'categoricalCrossentropy', 0, 1);
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'categoricalCrossentropy');
    const axis = resolveAxis(options.axis ?? -1, t.rank, 'categoricalCrossentropy');
    return neg(sum(mul(smoothCategorical(t, smoothing), logProbabilities(p, axis, options.fromLogits ?? false)), axis));
  });
}

/** Arguments of {@link CategoricalCrossentropy}. */
export interface CategoricalCrossentropyArgs extends LossArgs, CategoricalCrossentropyOptions {}

/**
 * The class form of {@link categoricalCrossentropy} (Keras' `CategoricalCrossentropy`).
 *
 * @example
 * ```ts
 * new CategoricalCrossentropy({ fromLogits: true }).apply(oneHotLabels, logits);
 * ```
 */
export class CategoricalCrossentropy extends Loss {
  static override readonly className = 'CategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(args: CategoricalCrossentropyArgs = {}) {
    super(args, 'categorical_crossentropy');
    this.fromLogits = args.fromLogits ?? false;
    this.labelSmoothing = checkNumber(args.labelSmoothing ?? 0, 'labelSmoothing', 'CategoricalCrossentropy', 0, 1);
    this.axis = args.axis ?? -1;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis });
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}
