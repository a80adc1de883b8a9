import type { Shape } from '../engine/checks';
import type { LayerConfig, ConstraintIdentifier, RegularizerIdentifier } from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import type { InitializerIdentifier } from '../initializers';
import { BaseConv, filtersOf, kernelConfig, kernelOptions, type BaseConvArgs, type KernelOptions } from './base-conv';

/** The options of Conv1D, Conv2D and Conv2DTranspose. */
export interface ConvArgs extends BaseConvArgs {
  /** Default `glorotUniform`. */
  kernelInitializer?: InitializerIdentifier;
  /** A penalty on the kernel, e.g. `l2(0.001)`. */
  kernelRegularizer?: RegularizerIdentifier | null;
  /** A projection of the kernel after each step, e.g. `new MaxNorm()`. */
  kernelConstraint?: ConstraintIdentifier | null;
}

/**
 * A convolution with `filters` output channels and one `kernel` weight
 * (Keras' `BaseConv` / `BaseConvTranspose`): Conv1D, Conv2D, Conv2DTranspose.
 */
export abstract class KernelConv extends BaseConv {
  readonly filters: number;
  readonly kernelOptions: KernelOptions;
  kernel: LayerWeight | null = null;

  constructor(rank: number, filters: number, kernelSize: number | number[], args: ConvArgs, allowCausal = false) {
    super(rank, kernelSize, args, allowCausal);
    this.filters = filtersOf(filters, this.label);
    this.kernelOptions = kernelOptions(args as Record<string, unknown>, 'kernel', this.label);
  }

  /** The kernel's shape for this many input channels. */
  protected abstract kernelShape(inputChannels: number): number[];

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    this.kernel = this.addWeight('kernel', { shape: this.kernelShape(channels), ...this.kernelOptions });
    this.buildBias(this.filters);
    super.build(inputShape);
  }

  protected override outputChannels(): number {
    return this.filters;
  }

  override getConfig(): LayerConfig {
    const { name, trainable, dtype, ...rest } = super.getConfig();
    return { name, trainable, dtype, filters: this.filters, ...rest, ...kernelConfig(this.kernelOptions, 'kernel') };
  }
}
