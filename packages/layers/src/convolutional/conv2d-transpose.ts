import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { LayerConfig } from '../engine/layer';
import { convTransposeOutputLength, dilateKernel } from './conv-utils';
import { KernelConv } from './kernel-conv';
import type { Conv2DArgs } from './conv2d';

/** Conv2DTranspose's options (Keras' `output_padding` is fixed at None). */
export type Conv2DTransposeArgs = Conv2DArgs;

/**
 * Keras' Conv2DTranspose: the transpose (gradient) of a 2-D convolution,
 * which upsamples: each input pixel spreads a `filters`-channel kernel over a
 * window of the output, windows `strides` apart.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, newRows, newCols, filters)` by Keras' formula with `outputPadding`
 * null: `valid` `n·s + max(k' - s, 0)`, `same` `n·s`, with `k' = (k - 1)·dilation + 1`.
 * Weights: `kernel` `(kRows, kCols, filters, channels)` (Keras' order), `bias` `(filters)`.
 *
 * @param filters The number of output channels. @param kernelSize A number or `[rows, cols]`.
 * @throws ConfigError for a non-positive size, an unknown padding or data format, strides and
 *   dilation both above 1; ShapeError for an unknown channels axis.
 * @example
 * ```ts
 * const up = new Conv2DTranspose(16, 3, { strides: 2, padding: 'same' });
 * up.apply(zeros([1, 7, 7, 32])).shape; // [1, 14, 14, 16]
 * ```
 */
export class Conv2DTranspose extends KernelConv {
  static override readonly className = 'Conv2DTranspose';

  constructor(filters: number, kernelSize: number | number[], args: Conv2DTransposeArgs = {}) {
    super(2, filters, kernelSize, args);
  }

  protected kernelShape(inputChannels: number): number[] {
    return [...this.kernelSize, this.filters, inputChannels];
  }

  protected override spatialOutput(spatial: (number | null)[]): (number | null)[] {
    return spatial.map((d, i) => convTransposeOutputLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!, this.dilationRate[i]!));
  }

  protected convolve(x: Tensor): Tensor {
    const [b, h, w] = x.shape as number[];
    const [oh, ow] = this.spatialOutput([h!, w!]) as number[];
    const kernel = dilateKernel(this.kernel!.value, this.dilationRate) as dl.Tensor4D;
    const pad = this.padding as 'valid' | 'same';
    return dl.conv2dTranspose(x as dl.Tensor4D, kernel, [b!, oh!, ow!, this.filters], this.strides as [number, number], pad);
  }

  static override fromConfig(config: LayerConfig): Conv2DTranspose {
    return new Conv2DTranspose(config['filters'] as number, config['kernelSize'] as number[], config as Conv2DTransposeArgs);
  }
}
