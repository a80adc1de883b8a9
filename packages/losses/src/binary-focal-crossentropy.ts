import { add, mean, mul, pow, sigmoid, sub, tidy, type Tensor } from '@dl/tensor';
import { binaryCrossentropyElements } from './binary-crossentropy';
import { Loss, type LossArgs, type LossConfig } from './loss';
import { checkNumber, prepare, resolveAxis } from './utils';

/** Options of {@link binaryFocalCrossentropy}. */
export interface BinaryFocalCrossentropyOptions {
  /** Whether to weigh class 1 by `alpha` and class 0 by `1 - alpha`; default false. */
  applyClassBalancing?: boolean;
  /** The class-1 weight when balancing, in [0, 1]; default 0.25. */
  alpha?: number;
  /** The focusing parameter (>= 0); 0 gives plain binary crossentropy; default 2. */
  gamma?: number;
  /** Whether `yPred` holds logits; default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels are squeezed towards 0.5; default 0. */
  labelSmoothing?: number;
  /** The axis the mean is taken over; default -1. */
  axis?: number;
}

interface Resolved { applyClassBalancing: boolean; alpha: number; gamma: number; fromLogits: boolean; labelSmoothing: number; axis: number }

function resolve(o: BinaryFocalCrossentropyOptions, owner: string): Resolved {
  return {
    applyClassBalancing: o.applyClassBalancing ?? false,
    alpha: checkNumber(o.alpha ?? 0.25, 'alpha', owner, 0, 1),
    gamma: checkNumber(o.gamma ?? 2, 'gamma', owner, 0),
    fromLogits: o.fromLogits ?? false,
    labelSmoothing: checkNumber(o.labelSmoothing ?? 0, 'labelSmoothing', owner, 0, 1),
    axis: o.axis ?? -1,
  };
}

/**
 * Binary focal crossentropy (Lin et al., 2018), as Keras computes it: binary
 * crossentropy times `(1 - p_t)^gamma`, optionally class-balanced by `alpha`,
 * averaged over `axis`. Logits go through a sigmoid, then the clipped path.
 *
 * @param yTrue Labels in [0, 1], shape `[batch, ..., d]`.
 * @param yPred Probabilities or logits, the shape of `yTrue`.
 * @returns Per-sample losses, the shape without `axis`.
 * @throws ShapeError when the shapes differ; ConfigError for out-of-range options.
 * @example
 * ```ts
 * binaryFocalCrossentropy(tensor2d([[0, 1]]), tensor2d([[0.6, 0.4]])); // [0.3300]
 * ```
 */
export function binaryFocalCrossentropy(yTrue: Tensor, yPred: Tensor, options: BinaryFocalCrossentropyOptions = {}): Tensor {
  const o = resolve(options, 'binaryFocalCrossentropy');
  return tidy(() => {
    let [t, p] = prepare(yTrue, yPred, 'binaryFocalCrossentropy');
    const axis = resolveAxis(o.axis, t.rank, 'binaryFocalCrossentropy');
    if (o.labelSmoothing > 0) t = add(mul(t, 1 - o.labelSmoothing), 0.5 * o.labelSmoothing);
    if (o.fromLogits) p = sigmoid(p);
    const bce = binaryCrossentropyElements(t, p, false);
    const oneMinusT = sub(1, t);
    const pT = add(mul(t, p), mul(oneMinusT, sub(1, p)));
    let focal = mul(pow(sub(1, pT), o.gamma), bce);
    if (o.applyClassBalancing) focal = mul(add(mul(t, o.alpha), mul(oneMinusT, 1 - o.alpha)), focal);
    return mean(focal, axis);
  });
}

/** Arguments of {@link BinaryFocalCrossentropy}. */
export interface BinaryFocalCrossentropyArgs extends LossArgs, BinaryFocalCrossentropyOptions {}

/**
 * The class form of {@link binaryFocalCrossentropy} (Keras' `BinaryFocalCrossentropy`).
 *
 * @example
 * ```ts
 * new BinaryFocalCrossentropy({ applyClassBalancing: true, gamma: 3 }).apply(yTrue, yPred);
 * ```
 */
export class BinaryFocalCrossentropy extends Loss {
  static override readonly className = 'BinaryFocalCrossentropy';
  private readonly options: Resolved;
  constructor(args: BinaryFocalCrossentropyArgs = {}) {
    super(args, 'binary_focal_crossentropy');
    this.options = resolve(args, 'BinaryFocalCrossentropy');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryFocalCrossentropy(yTrue, yPred, this.options);
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), ...this.options };
  }
}
