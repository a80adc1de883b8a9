import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { LayerConfig } from '../engine/layer';
import { conv2dAny } from './conv-utils';
import { KernelConv, type ConvArgs } from './kernel-conv';

/** Conv1D's options. */
export type Conv1DArgs = ConvArgs;

/**
 * Keras' Conv1D: a 1-D convolution over the steps of a sequence, with
 * `filters` learned kernels, plus a bias, then the activation. Padding
 * `causal` pads `dilation·(k - 1)` zeros on the left only, so output step t
 * sees input steps up to t (WaveNet-style temporal models).
 *
 * Input shape: `(batch, steps, channels)` (channelsFirst: `(batch, channels, steps)`).
 * Output shape: `(batch, newSteps, filters)`: `valid` `floor((n - k') / s) + 1`,
 * `same` and `causal` `ceil(n / s)`, with `k' = (k - 1)·dilation + 1`.
 * Weights: `kernel` `(k, channels, filters)`, `bias` `(filters)`.
 *
 * @param filters The number of output channels. @param kernelSize The window length.
 * @throws ConfigError for a non-positive size, an unknown padding or data format, strides and
 *   dilation both above 1; ShapeError for an unknown channels axis or an input shorter than the window.
 * @example
 * ```ts
 * const conv = new Conv1D(8, 3, { padding: 'causal', dilationRate: 2 });
 * conv.apply(zeros([2, 10, 4])).shape; // [2, 10, 8]
 * ```
 */
export class Conv1D extends KernelConv {
  static override readonly className = 'Conv1D';

  constructor(filters: number, kernelSize: number | number[], args: Conv1DArgs = {}) {
    super(1, filters, kernelSize, args, true);
  }

  protected kernelShape(inputChannels: number): number[] {
    return [this.kernelSize[0]!, inputChannels, this.filters];
  }

  protected convolve(x: Tensor): Tensor {
    // As tfjs and TF do: a 2-D convolution over a height-1 image.
    const padding = this.padding === 'same' ? 'same' : 'valid';
    const y = conv2dAny(dl.expandDims(x, 1), dl.expandDims(this.kernel!.value, 0), [1, this.strides[0]!], padding, [1, this.dilationRate[0]!]);
    return dl.squeeze(y, [1]);
  }

  static override fromConfig(config: LayerConfig): Conv1D {
    return new Conv1D(config['filters'] as number, config['kernelSize'] as number[], config as Conv1DArgs);
  }
}
