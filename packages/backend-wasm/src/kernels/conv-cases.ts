/**
 * Shared conv2d test shapes for the backprop kernel tests: strides, every
 * padding kind, batch > 1, channels > 1, and one case large enough to take the
 * chunked path (patch matrix over 8M elements).
 */

/** Padding as the conv ops take it. */
export type Pad = 'same' | 'valid' | number[][];

/** One conv2d configuration. */
export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
}

export const conv2dCases: ConvCase[] = [
  { name: '3x3 valid', x: [2, 8, 8, 3], f: [3, 3, 3, 4], strides: [1, 1], pad: 'valid' },
  { name: '3x3 same stride 2 (odd size)', x: [2, 9, 9, 4], f: [3, 3, 4, 5], strides: [2, 2], pad: 'same' },
  { name: '3x3 same stride 2 (even size, asymmetric padding)', x: [3, 8, 8, 2], f: [3, 3, 2, 3], strides: [2, 2], pad: 'same' },
  { name: '4x2 explicit padding, strides [2, 1]', x: [2, 7, 6, 3], f: [4, 2, 3, 2], strides: [2, 1], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { name: '5x5 same, one input channel (MNIST-like)', x: [4, 12, 12, 1], f: [5, 5, 1, 8], strides: [1, 1], pad: 'same' },
  { name: '1x1', x: [3, 4, 4, 6], f: [1, 1, 6, 2], strides: [1, 1], pad: 'valid' },
  { name: '3x3 stride 3 (windows skip pixels)', x: [2, 10, 10, 2], f: [3, 3, 2, 3], strides: [3, 3], pad: 'valid' },
  { name: 'chunked (patch matrix over 8M elements)', x: [6, 40, 40, 64], f: [5, 5, 64, 2], strides: [1, 1], pad: 'valid' },
];
