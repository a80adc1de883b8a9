import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { getActivation, serializeActivation, type ActivationFn, type ActivationIdentifier } from '../activations';
import type { Constraint } from '../constraints';
import { bool, intTuple, oneOf, positiveInt, type Shape } from '../engine/checks';
import {
  Layer, constraintOrNull, regularizerOrNull, serializeOrNull,
  type ConstraintIdentifier, type LayerArgs, type LayerConfig, type RegularizerIdentifier,
} from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers';
import type { Regularizer } from '../regularizers';
import {
  channelsOf, checkPositiveOutput, checkStridesAndDilation, convOutputLength, dataFormatOf, fromChannelsLast,
  shapeFromChannelsLast, shapeToChannelsLast, toChannelsLast, type DataFormat,
} from './conv-utils';

/** The options every convolution takes (Keras' names in camelCase, Keras 3 defaults). */
export interface BaseConvArgs extends LayerArgs {
  /** Step of the window along each spatial axis: a number or one per axis. Default 1. */
  strides?: number | number[];
  /** `valid` (default: no padding), `same` (output size = ceil(input / stride)); Conv1D also takes `causal`. */
  padding?: 'valid' | 'same' | 'causal';
  /** `channelsLast` (default) or `channelsFirst`. */
  dataFormat?: DataFormat;
  /** Spacing of the kernel's taps: a number or one per axis. Default 1. Not with strides > 1. */
  dilationRate?: number | number[];
  /** Applied to the output; default none (linear). */
  activation?: ActivationIdentifier;
  /** Whether to add a bias vector. Default true. */
  useBias?: boolean;
  /** Default `zeros`. */
  biasInitializer?: InitializerIdentifier;
  /** A penalty on the bias. */
  biasRegularizer?: RegularizerIdentifier | null;
  /** A projection of the bias after each step. */
  biasConstraint?: ConstraintIdentifier | null;
}

/** A kernel's initializer, regularizer and constraint, resolved. */
export interface KernelOptions {
  initializer: Initializer;
  regularizer: Regularizer | null;
  constraint: Constraint | null;
}

/** Resolves `<prefix>Initializer`, `<prefix>Regularizer`, `<prefix>Constraint` from a layer's arguments. */
export function kernelOptions(args: Record<string, unknown>, prefix: string, who: string): KernelOptions {
  return {
    initializer: getInitializer((args[`${prefix}Initializer`] as InitializerIdentifier | undefined) ?? 'glorotUniform', who),
    regularizer: regularizerOrNull(args[`${prefix}Regularizer`] as RegularizerIdentifier | null | undefined, who),
    constraint: constraintOrNull(args[`${prefix}Constraint`] as ConstraintIdentifier | null | undefined, who),
  };
}

/** The config entries of {@link kernelOptions}. */
export function kernelConfig(options: KernelOptions, prefix: string): Record<string, unknown> {
  return {
    [`${prefix}Initializer`]: serializeInitializer(options.initializer),
    [`${prefix}Regularizer`]: serializeOrNull(options.regularizer),
    [`${prefix}Constraint`]: serializeOrNull(options.constraint),
  };
}

/**
 * What Keras' convolutions share (its `BaseConv`, `BaseDepthwiseConv`,
 * `BaseSeparableConv`): the window arguments, the data format, the bias and
 * the activation. A subclass creates its kernels in `build` (calling
 * `buildBias`) and computes in `convolve` on channels-last tensors.
 */
export abstract class BaseConv extends Layer {
  /** The number of spatial axes (1 for Conv1D, 2 for Conv2D). */
  readonly rank: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same' | 'causal';
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly biasInitializer: Initializer;
  readonly biasRegularizer: Regularizer | null;
  readonly biasConstraint: Constraint | null;
  bias: LayerWeight | null = null;

  constructor(rank: number, kernelSize: number | number[], args: BaseConvArgs, allowCausal = false) {
    super(args);
    const who = this.label;
    this.rank = rank;
    this.kernelSize = intTuple(kernelSize, rank, 'kernelSize', who);
    this.strides = intTuple(args.strides ?? 1, rank, 'strides', who);
    this.padding = oneOf(args.padding ?? 'valid', 'padding', who, allowCausal ? ['valid', 'same', 'causal'] as const : ['valid', 'same'] as const);
    this.dataFormat = dataFormatOf(args.dataFormat, who);
    this.dilationRate = intTuple(args.dilationRate ?? 1, rank, 'dilationRate', who);
    checkStridesAndDilation(this.strides, this.dilationRate, who);
    this.activation = getActivation(args.activation, who);
    this.useBias = bool(args.useBias ?? true, 'useBias', who);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', who);
    this.biasRegularizer = regularizerOrNull(args.biasRegularizer, who);
    this.biasConstraint = constraintOrNull(args.biasConstraint, who);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** The number of output channels for this many input channels. */
  protected abstract outputChannels(inputChannels: number): number;

  /** The convolution proper, on a channels-last input (padding already applied for `causal`). */
  protected abstract convolve(x: Tensor): Tensor;

  /**
   * Input channels of a shape (ShapeError if unknown, or if the input is
   * smaller than the window); fixes the channels axis in `inputSpec`.
   */
  protected inputChannels(inputShape: Shape): number {
    const c = channelsOf(inputShape, this.dataFormat, this.label);
    this.computeOutputShape(inputShape);
    this.inputSpec = { ndim: this.rank + 2, axes: { [this.dataFormat === 'channelsLast' ? -1 : 1]: c } };
    return c;
  }

  /** Adds the bias weight (when `useBias`) of `size` entries. */
  protected buildBias(size: number): void {
    if (!this.useBias) return;
    this.bias = this.addWeight('bias', {
      shape: [size],
      initializer: this.biasInitializer,
      regularizer: this.biasRegularizer,
      constraint: this.biasConstraint,
    });
  }

  override call(x: Tensor): Tensor {
    return dl.tidy(() => {
      let last = toChannelsLast(x, this.dataFormat);
      if (this.padding === 'causal') {
        const left = this.dilationRate[0]! * (this.kernelSize[0]! - 1);
        last = dl.pad(last, [[0, 0], [left, 0], [0, 0]]);
      }
      let y = this.convolve(last);
      if (this.bias !== null) y = dl.add(y, this.bias.value);
      return fromChannelsLast(this.activation(y), this.dataFormat);
    });
  }

  /** The output's spatial sizes for the input's (Keras' conv formula; transposed convolutions override it). */
  protected spatialOutput(spatial: (number | null)[]): (number | null)[] {
    return spatial.map((d, i) => convOutputLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!, this.dilationRate[i]!));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const last = shapeToChannelsLast(inputShape, this.dataFormat);
    const channels = last[last.length - 1];
    const out: Shape = [
      last[0] ?? null,
      ...this.spatialOutput(last.slice(1, -1)),
      channels === null || channels === undefined ? null : this.outputChannels(channels),
    ];
    return checkPositiveOutput(shapeFromChannelsLast(out, this.dataFormat), inputShape, this.label);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: serializeActivation(this.activation, this.label),
      useBias: this.useBias,
      biasInitializer: serializeInitializer(this.biasInitializer),
      biasRegularizer: serializeOrNull(this.biasRegularizer),
      biasConstraint: serializeOrNull(this.biasConstraint),
    };
  }
}

/** The `filters` argument, checked. */
export function filtersOf(value: unknown, who: string): number {
  return positiveInt(value, 'filters', who);
}
