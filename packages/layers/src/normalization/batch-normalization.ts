import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import type { Constraint } from '../constraints';
import { bool, numberIn, type Shape } from '../engine/checks';
import {
  Layer, constraintOrNull, regularizerOrNull, serializeOrNull,
  type CallOptions, type ConstraintIdentifier, type LayerArgs, type LayerConfig, type RegularizerIdentifier,
} from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers';
import type { Regularizer } from '../regularizers';
import { axesArg, broadcastWeight, normalize, positiveNumber, resolveAxes } from './axes';

/** BatchNormalization's options (Keras 3's arguments and defaults). */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis (normalized per feature). Default -1 (channels last). */
  axis?: number;
  /** The moving statistics' decay: `moving = moving * momentum + batch * (1 - momentum)`. Default 0.99. */
  momentum?: number;
  /** Added to the variance before the square root. Default 1e-3. */
  epsilon?: number;
  /** Whether to add the learned offset `beta`. Default true. */
  center?: boolean;
  /** Whether to multiply by the learned scale `gamma`. Default true. */
  scale?: boolean;
  /** Default `zeros`. */
  betaInitializer?: InitializerIdentifier;
  /** Default `ones`. */
  gammaInitializer?: InitializerIdentifier;
  /** Default `zeros`. */
  movingMeanInitializer?: InitializerIdentifier;
  /** Default `ones`. */
  movingVarianceInitializer?: InitializerIdentifier;
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
 * Keras 3's BatchNormalization: normalizes each feature to zero mean and unit
 * variance, then scales by `gamma` and shifts by `beta`:
 * `(x - mean) / sqrt(variance + epsilon) * gamma + beta`.
 *
 * In training (`apply(x, { training: true })`) mean and variance are the
 * batch's (over every axis but `axis`; the biased variance), gradients flow
 * through them, and the call updates the non-trainable `movingMean` and
 * `movingVariance` (`moving * momentum + batch * (1 - momentum)`). Otherwise,
 * and always when the layer is frozen (`trainable = false`, as in Keras 3 for
 * fine-tuning), the moving statistics are used. In training, a mask of rank
 * `rank - 1` (e.g. from `Embedding({ maskZero: true })`) excludes masked
 * positions from the batch statistics; masks pass through.
 *
 * Input shape: any, with `axis` of known size. Output shape: the same.
 * Weights: `gamma`, `beta` (trainable, `(features)`), `moving_mean`, `moving_variance` (non-trainable).
 *
 * @throws ConfigError for a bad argument; ShapeError when `axis` does not fit the input.
 * @example
 * ```ts
 * const bn = new BatchNormalization();
 * const y = bn.apply(randomNormal([32, 8]), { training: true }); // updates the moving statistics
 * ```
 */
export class BatchNormalization extends Layer {
  static override readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly initializers: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', Initializer>;
  readonly betaRegularizer: Regularizer | null;
  readonly gammaRegularizer: Regularizer | null;
  readonly betaConstraint: Constraint | null;
  readonly gammaConstraint: Constraint | null;
  gamma: LayerWeight | null = null;
  beta: LayerWeight | null = null;
  movingMean: LayerWeight | null = null;
  movingVariance: LayerWeight | null = null;
  private axes: number[] = [];

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    const who = this.label;
    const axis = axesArg(args.axis ?? -1, who);
    if (Array.isArray(axis)) throw new ConfigError(`Invalid \`axis\` for ${who}: expected an integer, received ${describeValue(axis)}.`);
    this.axis = axis;
    this.momentum = numberIn(args.momentum ?? 0.99, 'momentum', who, 0, 1);
    this.epsilon = positiveNumber(args.epsilon ?? 1e-3, 'epsilon', who);
    this.center = bool(args.center ?? true, 'center', who);
    this.scale = bool(args.scale ?? true, 'scale', who);
    this.initializers = {
      beta: getInitializer(args.betaInitializer ?? 'zeros', who),
      gamma: getInitializer(args.gammaInitializer ?? 'ones', who),
      movingMean: getInitializer(args.movingMeanInitializer ?? 'zeros', who),
      movingVariance: getInitializer(args.movingVarianceInitializer ?? 'ones', who),
    };
    this.betaRegularizer = regularizerOrNull(args.betaRegularizer, who);
    this.gammaRegularizer = regularizerOrNull(args.gammaRegularizer, who);
    this.betaConstraint = constraintOrNull(args.betaConstraint, who);
    this.gammaConstraint = constraintOrNull(args.gammaConstraint, who);
    this.supportsMasking = true;
  }

  override build(inputShape: Shape): void {
    this.axes = resolveAxes(this.axis, inputShape, this.label);
    const dim = inputShape[this.axes[0]!] as number;
    const shape = [dim];
    if (this.scale) {
      this.gamma = this.addWeight('gamma', { shape, initializer: this.initializers.gamma, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', { shape, initializer: this.initializers.beta, regularizer: this.betaRegularizer, constraint: this.betaConstraint });
    }
    this.movingMean = this.addWeight('moving_mean', { shape, initializer: this.initializers.movingMean, trainable: false });
    this.movingVariance = this.addWeight('moving_variance', { shape, initializer: this.initializers.movingVariance, trainable: false });
    this.inputSpec = { ndim: inputShape.length, axes: { [this.axes[0]!]: dim } };
    super.build(inputShape);
  }

  override call(x: Tensor, { training, mask }: CallOptions): Tensor {
    return dl.tidy(() => {
      const rank = x.rank;
      const gamma = broadcastWeight(this.gamma, this.axes, rank);
      const beta = broadcastWeight(this.beta, this.axes, rank);
      if (!training || !this.trainable) {
        const mean = broadcastWeight(this.movingMean, this.axes, rank)!;
        const variance = broadcastWeight(this.movingVariance, this.axes, rank)!;
        return normalize(x, mean, variance, gamma, beta, this.epsilon);
      }
      const reduce = x.shape.map((_, i) => i).filter((i) => !this.axes.includes(i));
      const m = mask instanceof dl.Tensor && mask.rank === rank - 1 ? mask : null;
      const { mean, variance } = m === null ? dl.moments(x, reduce, true) : maskedMoments(x, m, reduce);
      this.updateMoving(this.movingMean!, mean);
      this.updateMoving(this.movingVariance!, variance);
      return normalize(x, mean, variance, gamma, beta, this.epsilon);
    });
  }

  private updateMoving(w: LayerWeight, batch: Tensor): void {
    const flat = dl.reshape(batch, w.shape);
    w.value.assign(dl.add(dl.mul(w.value, this.momentum), dl.mul(flat, 1 - this.momentum)));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.initializers.beta),
      gammaInitializer: serializeInitializer(this.initializers.gamma),
      movingMeanInitializer: serializeInitializer(this.initializers.movingMean),
      movingVarianceInitializer: serializeInitializer(this.initializers.movingVariance),
      betaRegularizer: serializeOrNull(this.betaRegularizer),
      gammaRegularizer: serializeOrNull(this.gammaRegularizer),
      betaConstraint: serializeOrNull(this.betaConstraint),
      gammaConstraint: serializeOrNull(this.gammaConstraint),
    };
  }
}

/** Keras 3's masked moments: masked positions get weight 0; `1e-7` guards an all-masked batch. */
function maskedMoments(x: Tensor, mask: Tensor, reduce: number[]): { mean: Tensor; variance: Tensor } {
  const w = dl.expandDims(dl.cast(mask, x.dtype), -1);
  const weighted = dl.mul(w, x);
  const count = dl.add(dl.sum(w, reduce, true), 1e-7);
  const mean = dl.div(dl.sum(weighted, reduce, true), count);
  const variance = dl.div(dl.sum(dl.mul(w, dl.square(dl.sub(weighted, mean))), reduce, true), count);
  return { mean, variance };
}
