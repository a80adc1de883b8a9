import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { depthwiseCases, dilatedDepthwiseCases, spreadFilter, type DepthwiseCase } from './depthwise-cases';
import { TOLERANCE, input, values, maxErrorAgainstCpu, runKernel, wasmAllocationGrowth } from './testing';

function backpropFilter(c: DepthwiseCase, x = input(c.x, 1), dy?: dl.Tensor): dl.Tensor {
  dy ??= input(dl.depthwiseConv2d(x as dl.Tensor4D, input(c.f, 2) as dl.Tensor4D, c.strides, c.pad as 'same').shape, 3);
  return runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy },
    { strides: c.strides, dilations: c.dilations, pad: c.pad, filterShape: c.f });
}

describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  it.each(depthwiseCases)('matches cpu: $name', async (c) => {
    expect(await maxErrorAgainstCpu(() => backpropFilter(c))).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(dilatedDepthwiseCases)('matches cpu on the spread-out filter: $name', async (c) => {
    const err = await maxErrorAgainstCpu(() => {
      const spread = spreadFilter(values(c.f.reduce((a, b) => a * b, 1), 2), c.f, c.dilations);
      const x = input(c.x, 1);
      const y = dl.depthwiseConv2d(x as dl.Tensor4D, dl.tensor(spread.values, spread.shape) as dl.Tensor4D, c.strides, c.pad as 'same');
      const dy = input(y.shape, 3);
      if (dl.getBackend() === 'wasm') return backpropFilter(c, x, dy);
      const dW = runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy },
        { strides: c.strides, dilations: [1, 1], pad: c.pad, filterShape: spread.shape });
      return dl.stridedSlice(dW, [0, 0, 0, 0], spread.shape, [c.dilations[0], c.dilations[1], 1, 1]);
    });
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('gives depthwise and separable conv gradients that match cpu (through dl.grads)', async () => {
    const err = await maxErrorAgainstCpu(() => {
      const w = input([2, 4, 4, 6], 20);
      const depthwise = dl.grads((x: dl.Tensor, f: dl.Tensor) =>
        dl.sum(dl.mul(dl.depthwiseConv2d(x as dl.Tensor4D, f as dl.Tensor4D, 2, 'same'), w)))([input([2, 8, 8, 3], 21), input([3, 3, 3, 2], 22)]);
      const separable = dl.grads((x: dl.Tensor, d: dl.Tensor, p: dl.Tensor) =>
        dl.sum(dl.separableConv2d(x as dl.Tensor4D, d as dl.Tensor4D, p as dl.Tensor4D, 1, 'same')))(
        [input([2, 6, 6, 3], 23), input([3, 3, 3, 2], 24), input([1, 1, 6, 4], 25)]);
      return [...depthwise, ...separable];
    });
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => backpropFilter(depthwiseCases[2]!))).toEqual([0, 0, 0]);
  });
});
