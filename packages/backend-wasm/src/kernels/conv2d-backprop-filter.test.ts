import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { conv2dCases, type ConvCase } from './conv-cases';
import { TOLERANCE, input, maxErrorAgainstCpu, runKernel, setSimd, wasmAllocationGrowth } from './testing';

function backpropFilter(c: ConvCase): dl.Tensor {
  const x = input(c.x, 1);
  const y = dl.conv2d(x as dl.Tensor4D, input(c.f, 2) as dl.Tensor4D, c.strides, c.pad as 'same');
  const dy = input(y.shape, 3);
  return runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f });
}

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(conv2dCases)('matches cpu: $name', async (c) => {
    expect(await maxErrorAgainstCpu(() => backpropFilter(c))).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each([
    { name: 'colsᵀ·dy (outC a multiple of 4), MNIST conv1-like', x: [3, 12, 12, 1], f: [3, 3, 1, 8] },
    { name: 'colsᵀ·dy streamed (im2col, 8 input channels)', x: [2, 7, 7, 8], f: [3, 3, 8, 12] },
    { name: 'outC not a multiple of 4 (XNNPACK path)', x: [2, 7, 7, 8], f: [3, 3, 8, 6] },
  ])('matches cpu within 1e-5 with dl\'s SIMD modules and without: $name', async ({ x, f }) => {
    const c = { name: '', x, f, strides: [1, 1], pad: 'valid' } as ConvCase;
    for (const on of [true, false]) {
      setSimd(on);
      try {
        expect(await maxErrorAgainstCpu(() => backpropFilter(c))).toBeLessThanOrEqual(1e-5);
      } finally {
        setSimd(true);
      }
    }
  });

  it('gives conv2d filter gradients that match cpu (through dl.grads)', async () => {
    const err = await maxErrorAgainstCpu(() => {
      const w = input([2, 9, 9, 4], 9);
      return dl.grads((x: dl.Tensor, f: dl.Tensor) =>
        dl.sum(dl.mul(dl.conv2d(x as dl.Tensor4D, f as dl.Tensor4D, 2, 'same'), w)))([input([2, 17, 17, 3], 7), input([3, 3, 3, 4], 8)]);
    });
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => backpropFilter(conv2dCases[1]!))).toEqual([0, 0, 0]);
    expect(await wasmAllocationGrowth(() => backpropFilter(conv2dCases[7]!), 2)).toEqual([0, 0, 0]);
  });

  it('rejects NCHW with a message naming the expected layout', async () => {
    await dl.setBackend('wasm');
    expect(() => dl.tidy(() => runKernel('Conv2DBackpropFilter', { x: input([1, 2, 5, 5], 1), dy: input([1, 2, 3, 3], 2) },
      { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] }))).toThrow(/expected "NHWC"/);
  });
});
