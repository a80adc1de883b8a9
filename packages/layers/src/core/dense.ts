import * as dl from '@dl/tensor';
import { ShapeError, type Tensor } from '@dl/tensor';
import { getActivation, serializeActivation, type ActivationFn, type ActivationIdentifier } from '../activations';
import { formatShape, positiveInt, type Shape } from '../engine/checks';
import {
  Layer, constraintOrNull, regularizerOrNull, serializeOrNull,
  type ConstraintIdentifier, type LayerArgs, type LayerConfig, type RegularizerIdentifier,
} from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import type { Constraint } from '../constraints';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers';
import type { Regularizer } from '../regularizers';

/** Dense's options (Keras' arguments in camelCase). */
export interface DenseArgs extends LayerArgs {
  /** Applied to the output; default none (linear). */
  activation?: ActivationIdentifier;
  /** Whether to add a bias vector. Default true. */
  useBias?: boolean;
  /** Default `glorotUniform`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `zeros`. */
  biasInitializer?: InitializerIdentifier;
  /** A penalty on the kernel, e.g. `l2(0.002)`. */
  kernelRegularizer?: RegularizerIdentifier | null;
  /** A penalty on the bias. */
  biasRegularizer?: RegularizerIdentifier | null;
  /** A projection of the kernel after each step, e.g. `new MaxNorm()`. */
  kernelConstraint?: ConstraintIdentifier | null;
  /** A projection of the bias after each step. */
  biasConstraint?: ConstraintIdentifier | null;
}

/** Activations that `denseForward` computes in the matmul, with their gradient. */
const fusable = new Map<ActivationFn, dl.DenseActivation>([
  [getActivation('relu'), 'relu'],
  [getActivation('linear'), 'linear'],
  [getActivation('sigmoid'), 'sigmoid'],
]);

/**
 * Keras' Dense: `activation(dot(input, kernel) + bias)`, a fully connected
 * layer on the last axis.
 *
 * Input shape: `(batch, ..., inputDim)`. Output shape: `(batch, ..., units)`.
 * Weights: `kernel` `(inputDim, units)`, `bias` `(units)`.
 *
 * @param units The size of the output's last axis (a positive integer).
 * @throws ConfigError for bad `units` or an unknown activation or initializer; ShapeError when the last input axis is unknown.
 * @example
 * ```ts
 * const dense = new Dense(16, { activation: 'relu' });
 * const y = dense.apply(ones([2, 8])); // shape [2, 16]
 * ```
 */
export class Dense extends Layer {
  static override readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly kernelConstraint: Constraint | null;
  readonly biasConstraint: Constraint | null;
  kernel: LayerWeight | null = null;
  bias: LayerWeight | null = null;

  constructor(units: number, args: DenseArgs = {}) {
    super(args);
    const who = this.label;
    this.units = positiveInt(units, 'units', who);
    this.activation = getActivation(args.activation, who);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform', who);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', who);
    this.kernelRegularizer = regularizerOrNull(args.kernelRegularizer, who);
    this.biasRegularizer = regularizerOrNull(args.biasRegularizer, who);
    this.kernelConstraint = constraintOrNull(args.kernelConstraint, who);
    this.biasConstraint = constraintOrNull(args.biasConstraint, who);
    this.supportsMasking = true;
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new ShapeError(`Invalid input shape for ${this.label}: expected a known last axis, received ${formatShape(inputShape)}.`);
    }
    this.kernel = this.addWeight('kernel', {
      shape: [inputDim, this.units],
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', {
        shape: [this.units],
        initializer: this.biasInitializer,
        regularizer: this.biasRegularizer,
        constraint: this.biasConstraint,
      });
    }
    this.inputSpec = { minNdim: 2, axes: { [-1]: inputDim } };
    super.build(inputShape);
  }

  override call(x: Tensor): Tensor {
    return dl.tidy(() => {
      // A custom activation need not be registered to run (only to be saved).
      const fused = fusable.get(this.activation);
      const flat = x.rank === 2 ? (x as dl.Tensor2D) : dl.reshape(x, [-1, x.shape[x.rank - 1]!]) as dl.Tensor2D;
      let y: Tensor = dl.denseForward(flat, this.kernel!.value as unknown as dl.Tensor2D, this.bias?.value ?? null, fused ?? 'linear');
      if (fused === undefined) y = this.activation(y);
      return x.rank === 2 ? y : dl.reshape(y, [...x.shape.slice(0, -1), this.units]);
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation, this.label),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeOrNull(this.kernelRegularizer),
      biasRegularizer: serializeOrNull(this.biasRegularizer),
      kernelConstraint: serializeOrNull(this.kernelConstraint),
      biasConstraint: serializeOrNull(this.biasConstraint),
    };
  }

  static override fromConfig(config: LayerConfig): Dense {
    return new Dense(config['units'] as number, config as DenseArgs);
  }
}
