import type { Tensor } from '@dl/tensor';
import { positiveInt, type Shape } from '../engine/checks';
import type { ConstraintIdentifier, LayerConfig, RegularizerIdentifier } from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import type { InitializerIdentifier } from '../initializers';
import { BaseConv, kernelConfig, kernelOptions, type BaseConvArgs, type KernelOptions } from './base-conv';
import { depthwiseConv2dAny } from './conv-utils';

/** DepthwiseConv2D's options. */
export interface DepthwiseConv2DArgs extends Omit<BaseConvArgs, 'padding'> {
  /** `valid` (default) or `same`. */
  padding?: 'valid' | 'same';
  /** Output channels per input channel. Default 1. */
  depthMultiplier?: number;
  /** Default `glorotUniform`. */
  depthwiseInitializer?: InitializerIdentifier;
  /** A penalty on the depthwise kernel. */
  depthwiseRegularizer?: RegularizerIdentifier | null;
  /** A projection of the depthwise kernel after each step. */
  depthwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * Keras' DepthwiseConv2D: convolves each input channel with its own
 * `depthMultiplier` kernels (no mixing across channels), plus a bias, then
 * the activation. Output channel `c·depthMultiplier + m` comes from input channel `c`.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, newRows, newCols, channels·depthMultiplier)`, sizes as Conv2D's.
 * Weights: `depthwise_kernel` `(kRows, kCols, channels, depthMultiplier)`, `bias` `(channels·depthMultiplier)`.
 *
 * @param kernelSize A number or `[rows, cols]`.
 * @throws ConfigError for a non-positive size or multiplier, an unknown padding or data format,
 *   strides and dilation both above 1; ShapeError for an unknown channels axis or a too small input.
 * @example
 * ```ts
 * const dw = new DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same' });
 * dw.apply(zeros([1, 8, 8, 3])).shape; // [1, 8, 8, 6]
 * ```
 */
export class DepthwiseConv2D extends BaseConv {
  static override readonly className = 'DepthwiseConv2D';
  readonly depthMultiplier: number;
  readonly depthwiseOptions: KernelOptions;
  depthwiseKernel: LayerWeight | null = null;

  constructor(kernelSize: number | number[], args: DepthwiseConv2DArgs = {}) {
    super(2, kernelSize, args);
    this.depthMultiplier = positiveInt(args.depthMultiplier ?? 1, 'depthMultiplier', this.label);
    this.depthwiseOptions = kernelOptions(args as Record<string, unknown>, 'depthwise', this.label);
  }

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', {
      shape: [...this.kernelSize, channels, this.depthMultiplier],
      ...this.depthwiseOptions,
    });
    this.buildBias(channels * this.depthMultiplier);
    super.build(inputShape);
  }

  protected outputChannels(inputChannels: number): number {
    return inputChannels * this.depthMultiplier;
  }

  protected convolve(x: Tensor): Tensor {
    return depthwiseConv2dAny(x, this.depthwiseKernel!.value, this.strides, this.padding as 'valid' | 'same', this.dilationRate);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), depthMultiplier: this.depthMultiplier, ...kernelConfig(this.depthwiseOptions, 'depthwise') };
  }

  static override fromConfig(config: LayerConfig): DepthwiseConv2D {
    return new DepthwiseConv2D(config['kernelSize'] as number[], config as DepthwiseConv2DArgs);
  }
}
