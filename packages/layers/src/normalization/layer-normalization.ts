import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { Constraint } from '../constraints';
import { bool, type Shape } from '../engine/checks';
import {
  Layer, constraintOrNull, regularizerOrNull, serializeOrNull,
  type ConstraintIdentifier, type LayerArgs, type LayerConfig, type RegularizerIdentifier,
} from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers';
import type { Regularizer } from '../regularizers';
import { axesArg, broadcastWeight, normalize, positiveNumber, resolveAxes } from './axes';

/** LayerNormalization's options (Keras 3's arguments and defaults). */
export interface LayerNormalizationArgs extends LayerArgs {
  /** The axis or axes to normalize over, per sample (not the batch axis). Default -1. */
  axis?: number | number[];
  /** Added to the variance before the square root. Default 1e-3. */
  epsilon?: number;
  /** Whether to add the learned offset `beta`. Default true. */
  center?: boolean;
  /** Whether to multiply by the learned scale `gamma`. Default true. */
  scale?: boolean;
  /** RMS normalization: `x / sqrt(mean(x²) + epsilon) * gamma`, no centering and no beta. Default false. */
  rmsScaling?: boolean;
  /** Default `zeros`. */
  betaInitializer?: InitializerIdentifier;
  /** Default `ones`. */
  gammaInitializer?: InitializerIdentifier;
  /** A penalty on beta. */
  betaRegularizer?: RegularizerIdentifier | null;
  /** A penalty on gamma. */
  gammaRegularizer?: RegularizerIdentifier | null;
  /** A projection of beta after each step. */
  betaConstraint?: ConstraintIdentifier | null;
  /** A projection of gamma after each step. */
  gammaConstraint?: ConstraintIdentifier | null;
}

/**
 * Keras 3's LayerNormalization: normalizes each sample over `axis` (mean and
 * biased variance of that sample), then scales by `gamma` and shifts by
 * `beta`, which have the sizes of the normalized axes. The same in training
 * and inference; masks pass through. With `rmsScaling`, it is RMS
 * normalization (`x * rsqrt(mean(x²) + epsilon) * gamma`, as Keras 3.9+'s
 * `rms_normalization`; Keras 3.0 to 3.8 used the variance in place of `mean(x²)`).
 *
 * Input shape: any, the normalized axes of known size. Output shape: the same.
 * Weights: `gamma`, `beta`, shaped as the normalized axes.
 *
 * @throws ConfigError for a bad argument; ShapeError when `axis` does not fit the input.
 * @example
 * ```ts
 * const norm = new LayerNormalization();
 * const y = norm.apply(tensor2d([[1, 2, 3]])); // about [[-1.22, 0, 1.22]]
 * ```
 */
export class LayerNormalization extends Layer {
  static override readonly className = 'LayerNormalization';
  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly rmsScaling: boolean;
  readonly betaInitializer: Initializer;
  readonly gammaInitializer: Initializer;
  readonly betaRegularizer: Regularizer | null;
  readonly gammaRegularizer: Regularizer | null;
  readonly betaConstraint: Constraint | null;
  readonly gammaConstraint: Constraint | null;
  gamma: LayerWeight | null = null;
  beta: LayerWeight | null = null;
  private axes: number[] = [];

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    const who = this.label;
    this.axis = axesArg(args.axis ?? -1, who);
    this.epsilon = positiveNumber(args.epsilon ?? 1e-3, 'epsilon', who);
    this.center = bool(args.center ?? true, 'center', who);
    this.scale = bool(args.scale ?? true, 'scale', who);
    this.rmsScaling = bool(args.rmsScaling ?? false, 'rmsScaling', who);
    this.betaInitializer = getInitializer(args.betaInitializer ?? 'zeros', who);
    this.gammaInitializer = getInitializer(args.gammaInitializer ?? 'ones', who);
    this.betaRegularizer = regularizerOrNull(args.betaRegularizer, who);
    this.gammaRegularizer = regularizerOrNull(args.gammaRegularizer, who);
    this.betaConstraint = constraintOrNull(args.betaConstraint, who);
    this.gammaConstraint = constraintOrNull(args.gammaConstraint, who);
    this.supportsMasking = true;
  }

  override build(inputShape: Shape): void {
    this.axes = resolveAxes(this.axis, inputShape, this.label);
    const shape = this.axes.map((a) => inputShape[a] as number);
    if (this.scale || this.rmsScaling) {
      this.gamma = this.addWeight('gamma', { shape, initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint });
    }
    if (this.center && !this.rmsScaling) {
      this.beta = this.addWeight('beta', { shape, initializer: this.betaInitializer, regularizer: this.betaRegularizer, constraint: this.betaConstraint });
    }
    this.inputSpec = { ndim: inputShape.length, axes: Object.fromEntries(this.axes.map((a, i) => [a, shape[i]!])) };
    super.build(inputShape);
  }

  override call(x: Tensor): Tensor {
    return dl.tidy(() => {
      const gamma = broadcastWeight(this.gamma, this.axes, x.rank);
      if (this.rmsScaling) {
        const inv = dl.rsqrt(dl.add(dl.mean(dl.square(x), this.axes, true), this.epsilon));
        return dl.mul(dl.mul(x, inv), gamma!);
      }
      const { mean, variance } = dl.moments(x, this.axes, true);
      return normalize(x, mean, variance, gamma, broadcastWeight(this.beta, this.axes, x.rank), this.epsilon);
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      rmsScaling: this.rmsScaling,
      betaInitializer: serializeInitializer(this.betaInitializer),
      gammaInitializer: serializeInitializer(this.gammaInitializer),
      betaRegularizer: serializeOrNull(this.betaRegularizer),
      gammaRegularizer: serializeOrNull(this.gammaRegularizer),
      betaConstraint: serializeOrNull(this.betaConstraint),
      gammaConstraint: serializeOrNull(this.gammaConstraint),
    };
  }
}
