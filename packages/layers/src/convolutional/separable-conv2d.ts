import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { positiveInt, type Shape } from '../engine/checks';
import type { ConstraintIdentifier, LayerConfig, RegularizerIdentifier } from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import type { InitializerIdentifier } from '../initializers';
import { BaseConv, filtersOf, kernelConfig, kernelOptions, type KernelOptions } from './base-conv';
import { depthwiseConv2dAny } from './conv-utils';
import type { DepthwiseConv2DArgs } from './depthwise-conv2d';

/** SeparableConv2D's options. */
export interface SeparableConv2DArgs extends DepthwiseConv2DArgs {
  /** Default `glorotUniform`. */
  pointwiseInitializer?: InitializerIdentifier;
  /** A penalty on the pointwise kernel. */
  pointwiseRegularizer?: RegularizerIdentifier | null;
  /** A projection of the pointwise kernel after each step. */
  pointwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * Keras' SeparableConv2D: a depthwise convolution (each channel with its own
 * `depthMultiplier` kernels) followed by a 1×1 pointwise convolution to
 * `filters` channels, plus a bias, then the activation: fewer weights than a
 * Conv2D with the same window.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, newRows, newCols, filters)`, sizes as Conv2D's.
 * Weights: `depthwise_kernel` `(kRows, kCols, channels, depthMultiplier)`,
 * `pointwise_kernel` `(1, 1, channels·depthMultiplier, filters)`, `bias` `(filters)`.
 *
 * @param filters The number of output channels. @param kernelSize A number or `[rows, cols]`.
 * @throws ConfigError for a non-positive size or multiplier, an unknown padding or data format,
 *   strides and dilation both above 1; ShapeError for an unknown channels axis or a too small input.
 * @example
 * ```ts
 * const sep = new SeparableConv2D(64, 3, { activation: 'relu' });
 * sep.apply(zeros([1, 16, 16, 32])).shape; // [1, 14, 14, 64]
 * ```
 */
export class SeparableConv2D extends BaseConv {
  static override readonly className = 'SeparableConv2D';
  readonly filters: number;
  readonly depthMultiplier: number;
  readonly depthwiseOptions: KernelOptions;
  readonly pointwiseOptions: KernelOptions;
  depthwiseKernel: LayerWeight | null = null;
  pointwiseKernel: LayerWeight | null = null;

  constructor(filters: number, kernelSize: number | number[], args: SeparableConv2DArgs = {}) {
    super(2, kernelSize, args);
    this.filters = filtersOf(filters, this.label);
    this.depthMultiplier = positiveInt(args.depthMultiplier ?? 1, 'depthMultiplier', this.label);
    this.depthwiseOptions = kernelOptions(args as Record<string, unknown>, 'depthwise', this.label);
    this.pointwiseOptions = kernelOptions(args as Record<string, unknown>, 'pointwise', this.label);
  }

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', {
      shape: [...this.kernelSize, channels, this.depthMultiplier],
      ...this.depthwiseOptions,
    });
    this.pointwiseKernel = this.addWeight('pointwise_kernel', {
      shape: [1, 1, channels * this.depthMultiplier, this.filters],
      ...this.pointwiseOptions,
    });
    this.buildBias(this.filters);
    super.build(inputShape);
  }

  protected outputChannels(): number {
    return this.filters;
  }

  protected convolve(x: Tensor): Tensor {
    const depthwise = depthwiseConv2dAny(x, this.depthwiseKernel!.value, this.strides, this.padding as 'valid' | 'same', this.dilationRate);
    return dl.conv2d(depthwise as dl.Tensor4D, this.pointwiseKernel!.value as dl.Tensor4D, 1, 'valid');
  }

  override getConfig(): LayerConfig {
    const { name, trainable, dtype, ...rest } = super.getConfig();
    return {
      name, trainable, dtype, filters: this.filters, ...rest,
      depthMultiplier: this.depthMultiplier,
      ...kernelConfig(this.depthwiseOptions, 'depthwise'),
      ...kernelConfig(this.pointwiseOptions, 'pointwise'),
    };
  }

  static override fromConfig(config: LayerConfig): SeparableConv2D {
    return new SeparableConv2D(config['filters'] as number, config['kernelSize'] as number[], config as SeparableConv2DArgs);
  }
}
