import type { Tensor } from '@dl/tensor';
import type { LayerConfig } from '../engine/layer';
import { conv2dAny } from './conv-utils';
import { KernelConv, type ConvArgs } from './kernel-conv';

/** Conv2D's options. */
export type Conv2DArgs = Omit<ConvArgs, 'padding'> & {
  /** `valid` (default) or `same`. */
  padding?: 'valid' | 'same';
};

/**
 * Keras' Conv2D: a 2-D convolution (cross-correlation, as in Keras) of the
 * input with `filters` learned kernels, plus a bias, then the activation.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, newRows, newCols, filters)`, each new size `floor((n - k') / s) + 1`
 * for `valid` and `ceil(n / s)` for `same`, with `k' = (k - 1)·dilation + 1`.
 * Weights: `kernel` `(kRows, kCols, channels, filters)`, `bias` `(filters)`.
 *
 * Dilated kernels are computed as a dilation-1 convolution with zeros between
 * the taps, so they have gradients on every backend.
 *
 * @param filters The number of output channels. @param kernelSize A number or `[rows, cols]`.
 * @throws ConfigError for a non-positive size, an unknown padding or data format, strides and
 *   dilation both above 1; ShapeError for an unknown channels axis or an input smaller than the window.
 * @example
 * ```ts
 * const conv = new Conv2D(32, 3, { activation: 'relu' });
 * conv.apply(zeros([1, 28, 28, 1])).shape; // [1, 26, 26, 32]
 * ```
 */
export class Conv2D extends KernelConv {
  static override readonly className = 'Conv2D';

  constructor(filters: number, kernelSize: number | number[], args: Conv2DArgs = {}) {
    super(2, filters, kernelSize, args);
  }

  protected kernelShape(inputChannels: number): number[] {
    return [...this.kernelSize, inputChannels, this.filters];
  }

  protected convolve(x: Tensor): Tensor {
    return conv2dAny(x, this.kernel!.value, this.strides, this.padding as 'valid' | 'same', this.dilationRate);
  }

  static override fromConfig(config: LayerConfig): Conv2D {
    return new Conv2D(config['filters'] as number, config['kernelSize'] as number[], config as Conv2DArgs);
  }
}
