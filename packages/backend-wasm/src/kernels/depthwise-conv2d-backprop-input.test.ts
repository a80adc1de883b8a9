import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { depthwiseCases, dilatedDepthwiseCases, spreadFilter, type DepthwiseCase } from './depthwise-cases';
import { TOLERANCE, input, values, maxErrorAgainstCpu, runKernel, wasmAllocationGrowth } from './testing';

function backpropInput(c: DepthwiseCase): dl.Tensor {
  const filter = input(c.f, 2);
  const y = dl.tidy(() => dl.depthwiseConv2d(dl.zeros(c.x) as dl.Tensor4D, filter as dl.Tensor4D, c.strides, c.pad as 'same', 'NHWC', c.dilations));
  const dy = input(y.shape, 3);
  y.dispose();
  return runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter },
    { strides: c.strides, dilations: c.dilations, pad: c.pad, inputShape: c.x });
}

describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it.each(depthwiseCases)('matches cpu: $name', async (c) => {
    expect(await maxErrorAgainstCpu(() => backpropInput(c))).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(dilatedDepthwiseCases)('matches cpu on the spread-out filter: $name', async (c) => {
    const err = await maxErrorAgainstCpu(() => {
      const spread = spreadFilter(values(c.f.reduce((a, b) => a * b, 1), 2), c.f, c.dilations);
      const spreadOut = dl.tensor(spread.values, spread.shape);
      const y = dl.depthwiseConv2d(dl.zeros(c.x) as dl.Tensor4D, spreadOut as dl.Tensor4D, c.strides, c.pad as 'same');
      const dy = input(y.shape, 3);
      if (dl.getBackend() === 'wasm') {
        return runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: input(c.f, 2) },
          { strides: c.strides, dilations: c.dilations, pad: c.pad, inputShape: c.x });
      }
      return runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: spreadOut },
        { strides: c.strides, dilations: [1, 1], pad: c.pad, inputShape: c.x });
    });
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => backpropInput(depthwiseCases[4]!))).toEqual([0, 0, 0]);
  });
});
