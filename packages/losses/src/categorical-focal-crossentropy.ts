import { clipByValue, div, log, mul, neg, pow, softmax, sub, sum, tidy, type Tensor } from '@dl/tensor';
import { smoothCategorical } from './categorical-crossentropy';
import { Loss, type LossArgs, type LossConfig } from './loss';
import { EPSILON, alongAxis, checkNumber, prepare, resolveAxis } from './utils';

/** Options of {@link categoricalFocalCrossentropy}. */
export interface CategoricalFocalCrossentropyOptions {
  /** The weighting factor; default 0.25. */
  alpha?: number;
  /** The focusing parameter (>= 0); default 2. */
  gamma?: number;
  /** Whether `yPred` holds logits; default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels become `y * (1 - s) + s / numClasses`; default 0. */
  labelSmoothing?: number;
  /** The class axis; default -1. */
  axis?: number;
}

interface Resolved { alpha: number; gamma: number; fromLogits: boolean; labelSmoothing: number; axis: number }

function resolve(o: CategoricalFocalCrossentropyOptions, owner: string): Resolved {
  return {
    alpha: checkNumber(o.alpha ?? 0.25, 'alpha', owner),
    gamma: checkNumber(o.gamma ?? 2, 'gamma', owner, 0),
    fromLogits: o.fromLogits ?? false,
    labelSmoothing: checkNumber(o.labelSmoothing ?? 0, 'labelSmoothing', owner, 0, 1),
    axis: o.axis ?? -1,
  };
}

/**
 * Categorical focal crossentropy, as Keras computes it:
 * `sum(alpha * (1 - p)^gamma * -yTrue * log(p), axis)` with `p` rescaled to sum 1
 * and clipped to `[1e-7, 1 - 1e-7]` (logits go through a softmax first).
 *
 * @param yTrue One-hot or soft labels, shape `[batch, ..., classes]`.
 * @param yPred Probabilities or logits, the shape of `yTrue`.
 * @returns Per-sample losses, the shape without `axis`.
 * @throws ShapeError when the shapes differ; ConfigError for out-of-range options.
 * @example
 * ```ts
 * categoricalFocalCrossentropy(tensor2d([[0, 1, 0]]), tensor2d([[0.1, 0.8, 0.1]])); // [0.0022]
 * ```
 */
export function categoricalFocalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CategoricalFocalCrossentropyOptions = {}): Tensor {
  const o = resolve(options, 'categoricalFocalCrossentropy');
  return tidy(() => {
    const [t, p0] = prepare(yTrue, yPred, 'categoricalFocalCrossentropy');
    const axis = resolveAxis(o.axis, t.rank, 'categoricalFocalCrossentropy');
    const p = o.fromLogits ? alongAxis(p0, axis, softmax) : p0;
    const out = clipByValue(div(p, sum(p, axis, true)), EPSILON, 1 - EPSILON);
    const ce = neg(mul(smoothCategorical(t, o.labelSmoothing), log(out)));
    return sum(mul(mul(pow(sub(1, out), o.gamma), o.alpha), ce), axis);
  });
}

/** Arguments of {@link CategoricalFocalCrossentropy}. */
export interface CategoricalFocalCrossentropyArgs extends LossArgs, CategoricalFocalCrossentropyOptions {}

/**
 * The class form of {@link categoricalFocalCrossentropy} (Keras' `CategoricalFocalCrossentropy`).
 *
 * @example
 * ```ts
 * new CategoricalFocalCrossentropy({ gamma: 1.5, fromLogits: true }).apply(oneHotLabels, logits);
 * ```
 */
export class CategoricalFocalCrossentropy extends Loss {
  static override readonly className = 'CategoricalFocalCrossentropy';
  private readonly options: Resolved;
  constructor(args: CategoricalFocalCrossentropyArgs = {}) {
    super(args, 'categorical_focal_crossentropy');
    this.options = resolve(args, 'CategoricalFocalCrossentropy');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalFocalCrossentropy(yTrue, yPred, this.options);
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), ...this.options };
  }
}
