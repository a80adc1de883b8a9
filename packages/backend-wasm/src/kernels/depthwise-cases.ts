/**
 * Shared depthwiseConv2d test shapes for the depthwise backprop kernel tests:
 * channel multipliers 1 to 3, strides, dilations, every padding kind, batch > 1.
 */
import type { Pad } from './conv-cases';

/** One depthwiseConv2d configuration; `f` is `[fh, fw, inChannels, multiplier]`. */
export interface DepthwiseCase {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
}

/**
 * The cpu backend's depthwise backprop kernels ignore dilations (tfjs-core's
 * gradient never passes any), so dilated cases are checked against the same
 * problem with the filter spread out by zeros, see {@link spreadFilter}.
 */
export const dilatedDepthwiseCases: DepthwiseCase[] = [
  { name: '3x3 same dilation 2, multiplier 2', x: [2, 9, 9, 2], f: [3, 3, 2, 2], strides: [1, 1], dilations: [2, 2], pad: 'same' },
  { name: '2x3 valid dilations [3, 2]', x: [1, 10, 9, 3], f: [2, 3, 3, 1], strides: [1, 1], dilations: [3, 2], pad: 'valid' },
];

/** The undilated filter equivalent to `values` (shape `f`) dilated by `d`: taps spread out, zeros between. */
export function spreadFilter(values: Float32Array, f: [number, number, number, number], d: [number, number]):
  { values: Float32Array; shape: [number, number, number, number] } {
  const [fh, fw, c, m] = f;
  const shape: [number, number, number, number] = [(fh - 1) * d[0] + 1, (fw - 1) * d[1] + 1, c, m];
  const out = new Float32Array(shape[0] * shape[1] * c * m);
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const src = (i * fw + j) * c * m;
      out.set(values.subarray(src, src + c * m), (i * d[0] * shape[1] + j * d[1]) * c * m);
    }
  }
  return { values: out, shape };
}

export const depthwiseCases: DepthwiseCase[] = [
  { name: '3x3 same, multiplier 1', x: [2, 7, 7, 3], f: [3, 3, 3, 1], strides: [1, 1], dilations: [1, 1], pad: 'same' },
  { name: '3x3 same, multiplier 2', x: [2, 7, 7, 3], f: [3, 3, 3, 2], strides: [1, 1], dilations: [1, 1], pad: 'same' },
  { name: '3x3 valid stride 2, multiplier 3', x: [3, 9, 9, 4], f: [3, 3, 4, 3], strides: [2, 2], dilations: [1, 1], pad: 'valid' },
  { name: '3x3 same stride 2 (even size)', x: [2, 8, 8, 5], f: [3, 3, 5, 1], strides: [2, 2], dilations: [1, 1], pad: 'same' },
  { name: '2x3 explicit padding, strides [1, 2]', x: [1, 6, 7, 4], f: [2, 3, 4, 2], strides: [1, 2], dilations: [1, 1], pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
  { name: '5x5 same, 32 channels', x: [2, 12, 12, 32], f: [5, 5, 32, 1], strides: [1, 1], dilations: [1, 1], pad: 'same' },
];
