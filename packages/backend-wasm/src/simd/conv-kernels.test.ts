// The SIMD im2col, col2im and MaxPoolGrad kernels (conv.wat) against the JS loops they
// replace (the SIMD switch off), which the kernel tests check against the cpu backend: the
// same traversal and additions in the same order, so equal to the last bit.
import { afterEach, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { input, setSimd, setSimdMatmul, withAndWithout } from '../kernels/testing';

// (Dilated convolutions have no gradient in tfjs-core, so the kernels never see dilation.)
type Case = { name: string; x: [number, number, number, number]; f: [number, number]; outC: number; strides: [number, number]; pad: 'same' | 'valid' };

const convCases: Case[] = [
  { name: '3×3 valid, 1 channel (scalar tail only)', x: [2, 9, 9, 1], f: [3, 3], outC: 4, strides: [1, 1], pad: 'valid' },
  { name: '3×3 same stride 2, 8 channels', x: [2, 9, 8, 8], f: [3, 3], outC: 5, strides: [2, 2], pad: 'same' },
  { name: '2×3 same, 6 channels (vector and scalar)', x: [1, 7, 6, 6], f: [2, 3], outC: 3, strides: [1, 2], pad: 'same' },
  { name: '3×3 stride 3 valid, 4 channels', x: [1, 10, 11, 4], f: [3, 3], outC: 2, strides: [3, 3], pad: 'valid' },
];

describe('SIMD convolution kernels (conv.wat)', () => {
  afterEach(() => {
    setSimd(true);
    setSimdMatmul(true);
  });

  it.each(convCases)('im2col and col2im give conv2d filter and input gradients equal to the JS loops: $name', async (c) => {
    setSimdMatmul(false); // the same products (XNNPACK's) on both sides
    const [simd, js] = await withAndWithout(() => {
      const x = input(c.x, 70) as dl.Tensor4D;
      const w = input([...c.f, c.x[3], c.outC], 71) as dl.Tensor4D;
      const f = (a: dl.Tensor, b: dl.Tensor) => dl.conv2d(a as dl.Tensor4D, b as dl.Tensor4D, c.strides, c.pad);
      const r = input(f(x, w).shape, 72);
      return dl.grads((a: dl.Tensor, b: dl.Tensor) => dl.sum(dl.mul(f(a, b), r)))([x, w]);
    });
    expect(simd).toEqual(js);
  });

  it.each([
    { name: '2×2 stride 2, 32 channels', x: [2, 8, 8, 32], size: [2, 2], strides: [2, 2], pad: 'valid' },
    { name: '3×3 stride 1 same, 6 channels (overlapping windows, vector and scalar)', x: [2, 6, 6, 6], size: [3, 3], strides: [1, 1], pad: 'same' },
    { name: '3×3 stride 2 same, 1 channel', x: [1, 9, 9, 1], size: [3, 3], strides: [2, 2], pad: 'same' },
  ] as const)('MaxPoolGrad equals the JS loop: $name', async (c) => {
    const [simd, js] = await withAndWithout(() => {
      const x = dl.round(dl.mul(input([...c.x], 73), 3)); // ties: the first maximum wins
      const f = (t: dl.Tensor) => dl.maxPool(t as dl.Tensor4D, [...c.size], [...c.strides], c.pad);
      const r = input(f(x).shape, 74);
      return dl.grads((t: dl.Tensor) => dl.sum(dl.mul(f(t), r)))([x]);
    });
    expect(simd).toEqual(js);
  });
});

describe('SIMD UnsortedSegmentSum (kernels.wat)', () => {
  it('equals the JS loop for Embedding gradients (ids repeated and out of range, rows of 6 and 8)', async () => {
    for (const inner of [6, 8]) {
      const [simd, js] = await withAndWithout(() => [
        dl.unsortedSegmentSum(input([9, inner], 75), dl.tensor([3, 0, 3, 7, -1, 2, 3, 9, 0], [9], 'int32'), 8),
      ]);
      expect(simd).toEqual(js);
    }
  });
});
