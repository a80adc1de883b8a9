// Shared arithmetic of the convolutional, pooling and spatial reshaping layers:
// data formats, Keras' output-length formulas, and the dilated-kernel trick that
// gives dilated convolutions gradients on tfjs-core (whose Conv2D and
// DepthwiseConv2dNative gradients assert a dilation of 1).
import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { formatShape, oneOf, type Shape } from '../engine/checks';

/** Where the channels axis is: last (Keras' default, `(batch, ...spatial, channels)`) or first (`(batch, channels, ...spatial)`). */
export type DataFormat = 'channelsLast' | 'channelsFirst';

/** A data format argument, checked (default `channelsLast`). */
export function dataFormatOf(value: unknown, who: string): DataFormat {
  return oneOf(value ?? 'channelsLast', 'dataFormat', who, ['channelsLast', 'channelsFirst'] as const);
}

/** Moves the channels axis of a channels-first tensor last (a no-op for channels-last). */
export function toChannelsLast(x: Tensor, dataFormat: DataFormat): Tensor {
  if (dataFormat === 'channelsLast') return x;
  const r = x.rank;
  return dl.transpose(x, [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1]);
}

/** The inverse of {@link toChannelsLast}. */
export function fromChannelsLast(x: Tensor, dataFormat: DataFormat): Tensor {
  if (dataFormat === 'channelsLast') return x;
  const r = x.rank;
  return dl.transpose(x, [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)]);
}

/** A shape in channels-last order: `[batch, ...spatial, channels]`. */
export function shapeToChannelsLast(shape: Shape, dataFormat: DataFormat): Shape {
  if (dataFormat === 'channelsLast') return [...shape];
  return [shape[0] ?? null, ...shape.slice(2), shape[1] ?? null];
}

/** A channels-last shape in the layer's order. */
export function shapeFromChannelsLast(shape: Shape, dataFormat: DataFormat): Shape {
  if (dataFormat === 'channelsLast') return [...shape];
  return [shape[0] ?? null, shape[shape.length - 1] ?? null, ...shape.slice(1, -1)];
}

/** The size of the channels axis, or a ShapeError when it is unknown. */
export function channelsOf(shape: Shape, dataFormat: DataFormat, who: string): number {
  const c = dataFormat === 'channelsLast' ? shape[shape.length - 1] : shape[1];
  if (c === null || c === undefined) {
    throw new ShapeError(`Invalid input shape for ${who}: expected a known channels axis, received ${formatShape(shape)}.`);
  }
  return c;
}

/** Keras' `compute_conv_output_shape` for one axis: `valid`, `same` or `causal` padding (null stays null). */
export function convOutputLength(length: number | null, kernel: number, padding: string, stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const k = (kernel - 1) * dilation + 1;
  const out = padding === 'valid' ? Math.floor((length - k) / stride) + 1 : Math.floor((length - 1) / stride) + 1;
  return out;
}

/** Keras' `compute_conv_transpose_output_length` with `output_padding=None`. */
export function convTransposeOutputLength(length: number | null, kernel: number, padding: string, stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const k = (kernel - 1) * dilation + 1;
  return padding === 'valid' ? length * stride + Math.max(k - stride, 0) : length * stride;
}

/** Keras' check: strides above 1 together with a dilation above 1 are rejected. */
export function checkStridesAndDilation(strides: number[], dilation: number[], who: string): void {
  if (Math.max(...strides) > 1 && Math.max(...dilation) > 1) {
    throw new ConfigError(
      `Invalid \`strides\` for ${who}: strides > 1 are not supported together with \`dilationRate\` > 1, received strides ${describeValue(strides)} and dilationRate ${describeValue(dilation)}.`,
    );
  }
}

/** A ShapeError when an output size is not positive (an input smaller than the window, or cropped away). */
export function checkPositiveOutput(shape: Shape, input: Shape, who: string): Shape {
  if (shape.some((d) => d !== null && d <= 0)) {
    throw new ShapeError(
      `Invalid input to ${who}: expected an input large enough for a non-empty output, received ${formatShape(input)}, which gives ${formatShape(shape)}.`,
    );
  }
  return shape;
}

/**
 * Spreads a kernel's taps `dilation - 1` zeros apart along its leading spatial
 * axes, with differentiable ops: a convolution with the result and dilation 1
 * equals the dilated convolution, and has gradients on every tfjs backend.
 */
export function dilateKernel(kernel: Tensor, dilation: number[]): Tensor {
  let k = kernel;
  dilation.forEach((d, axis) => {
    const size = k.shape[axis]!;
    if (d === 1 || size === 1) return;
    const rest = k.shape.slice(axis + 1);
    const before = k.shape.slice(0, axis);
    const taps = dl.expandDims(k, axis + 1); // [..., size, 1, ...rest]
    const gap = dl.zeros([...before, size, d - 1, ...rest]);
    const spread = dl.reshape(dl.concat([taps, gap], axis + 1), [...before, size * d, ...rest]);
    k = dl.slice(spread, new Array<number>(k.rank).fill(0), [...before, (size - 1) * d + 1, ...rest]);
  });
  return k;
}

/** A 2-D convolution (channels last) of any dilation, with gradients. */
export function conv2dAny(x: Tensor, kernel: Tensor, strides: number[], padding: 'valid' | 'same', dilation: number[]): Tensor {
  const k = dilateKernel(kernel, dilation) as dl.Tensor4D;
  return dl.conv2d(x as dl.Tensor4D, k, strides as [number, number], padding);
}

/** A 2-D depthwise convolution (channels last) of any dilation, with gradients. */
export function depthwiseConv2dAny(x: Tensor, kernel: Tensor, strides: number[], padding: 'valid' | 'same', dilation: number[]): Tensor {
  const k = dilateKernel(kernel, dilation) as dl.Tensor4D;
  return dl.depthwiseConv2d(x as dl.Tensor4D, k, strides as [number, number], padding);
}
