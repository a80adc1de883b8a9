import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { conv2dCases, type ConvCase } from './conv-cases';
import { TOLERANCE, input, maxErrorAgainstCpu, runKernel, setSimd, wasmAllocationGrowth } from './testing';

function backpropInput(c: ConvCase): dl.Tensor {
  const filter = input(c.f, 2);
  const y = dl.tidy(() => dl.conv2d(dl.zeros(c.x) as dl.Tensor4D, filter as dl.Tensor4D, c.strides, c.pad as 'same'));
  const dy = input(y.shape, 3);
  y.dispose();
  return runKernel('Conv2DBackpropInput', { dy, filter }, { inputShape: c.x, strides: c.strides, pad: c.pad, dataFormat: 'NHWC' });
}

describe('Conv2DBackpropInput on wasm', () => {
  it.each(conv2dCases)('matches cpu: $name', async (c) => {
    expect(await maxErrorAgainstCpu(() => backpropInput(c))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('matches cpu within 1e-5 with dl\'s SIMD modules (dy·Wᵀ by gemm where K is a multiple of 4) and without', async () => {
    for (const on of [true, false]) {
      setSimd(on);
      try {
        for (const c of conv2dCases.slice(0, 7)) expect(await maxErrorAgainstCpu(() => backpropInput(c)), c.name).toBeLessThanOrEqual(1e-5);
      } finally {
        setSimd(true);
      }
    }
  });

  it('gives conv2d input gradients and conv2dTranspose outputs that match cpu', async () => {
    const err = await maxErrorAgainstCpu(() => {
      const w = input([2, 9, 9, 4], 9);
      const grads = dl.grads((x: dl.Tensor, f: dl.Tensor) =>
        dl.sum(dl.mul(dl.conv2d(x as dl.Tensor4D, f as dl.Tensor4D, 2, 'same'), w)))([input([2, 17, 17, 3], 7), input([3, 3, 3, 4], 8)]);
      const up = dl.conv2dTranspose(input([2, 7, 7, 8], 10) as dl.Tensor4D, input([3, 3, 4, 8], 11) as dl.Tensor4D, [2, 14, 14, 4], 2, 'same');
      return [...grads, up];
    });
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => backpropInput(conv2dCases[3]!))).toEqual([0, 0, 0]);
    expect(await wasmAllocationGrowth(() => backpropInput(conv2dCases[7]!), 2)).toEqual([0, 0, 0]);
  });
});
