import { afterEach, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { conv2dCases } from './conv-cases';
import { input, maxErrorAgainstCpu, setSimd, wasmAllocationGrowth } from './testing';

// Cases with output channels a multiple of 4 take the SIMD path (patchesT below 4 input channels, else im2col).
const cases = [
  ...conv2dCases,
  { name: '3x3 valid, 1 channel to 8 (MNIST conv1-like, transposed patches)', x: [3, 10, 10, 1], f: [3, 3, 1, 8], strides: [1, 1], pad: 'valid' },
  { name: '3x3 same stride 2, 2 channels to 4 (transposed patches, padding)', x: [2, 9, 8, 2], f: [3, 3, 2, 4], strides: [2, 2], pad: 'same' },
  { name: '3x3 valid, 8 channels to 12 (im2col)', x: [2, 7, 7, 8], f: [3, 3, 8, 12], strides: [1, 1], pad: 'valid' },
  { name: '2x2 same stride [1, 2], 5 channels to 4 (im2col, padding)', x: [2, 6, 7, 5], f: [2, 2, 5, 4], strides: [1, 2], pad: 'same' },
  { name: 'chunked (patch matrix over 8M elements, two chunks)', x: [5, 40, 40, 64], f: [5, 5, 64, 4], strides: [1, 1], pad: 'valid' },
] as const;

describe('Conv2D on wasm (patches times filter on dl\'s SIMD matmul module)', () => {
  afterEach(() => setSimd(true));

  it.each(cases)('matches cpu within 1e-5 with SIMD and without: $name', async (c) => {
    const f = () => dl.conv2d(input([...c.x], 1) as dl.Tensor4D, input([...c.f], 2) as dl.Tensor4D, [...c.strides] as [number, number], c.pad as 'same');
    expect(await maxErrorAgainstCpu(f)).toBeLessThanOrEqual(1e-5);
    setSimd(false);
    expect(await maxErrorAgainstCpu(f)).toBeLessThanOrEqual(1e-5);
  });

  it('handles dilation, and gives the same gradients as cpu through dl.grads', async () => {
    expect(await maxErrorAgainstCpu(() =>
      dl.conv2d(input([2, 9, 9, 2], 3) as dl.Tensor4D, input([3, 3, 2, 4], 4) as dl.Tensor4D, 1, 'same', 'NHWC', 2))).toBeLessThanOrEqual(1e-5);
    expect(await maxErrorAgainstCpu(() => dl.grads((x: dl.Tensor, w: dl.Tensor) =>
      dl.sum(dl.square(dl.conv2d(x as dl.Tensor4D, w as dl.Tensor4D, 1, 'same'))))([input([2, 8, 8, 3], 5), input([3, 3, 3, 8], 6)]))).toBeLessThanOrEqual(1e-5);
  });

  it('leaks no tensors and no wasm buffers, on both patch layouts and the chunked path', async () => {
    for (const c of [cases.at(-5)!, cases.at(-3)!, cases.at(-1)!]) {
      const f = () => dl.conv2d(input([...c.x], 1) as dl.Tensor4D, input([...c.f], 2) as dl.Tensor4D, [...c.strides] as [number, number], c.pad as 'same');
      expect(await wasmAllocationGrowth(f, 2)).toEqual([0, 0, 0]);
    }
  });
});
