import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { TOLERANCE, input, maxErrorAgainstCpu, wasmAllocationGrowth } from './testing';

// Numeric pooling padding is left out: tfjs-core 4.22 computes wrong output shapes for it on every backend.
type Case = { name: string; x: number[]; size: [number, number]; strides: [number, number]; pad: 'same' | 'valid'; ties?: boolean };

const cases: Case[] = [
  { name: '2x2 stride 2 valid, 3 channels', x: [2, 8, 8, 3], size: [2, 2], strides: [2, 2], pad: 'valid' },
  { name: '3x3 stride 1 same (overlapping windows)', x: [2, 6, 6, 2], size: [3, 3], strides: [1, 1], pad: 'same' },
  { name: '3x3 stride 2 same, odd size', x: [1, 9, 9, 4], size: [3, 3], strides: [2, 2], pad: 'same' },
  { name: '2x3 strides [1, 2] valid', x: [2, 5, 7, 3], size: [2, 3], strides: [1, 2], pad: 'valid' },
  { name: 'ties (first maximum wins, as on cpu)', x: [2, 6, 6, 3], size: [2, 2], strides: [1, 1], pad: 'valid', ties: true },
];

function pooledGradient(c: Case): dl.Tensor[] {
  let x = input(c.x, 30);
  if (c.ties === true) x = dl.relu(dl.round(dl.mul(x, 2)));
  const f = (t: dl.Tensor) => dl.maxPool(t as dl.Tensor4D, c.size, c.strides, c.pad);
  const w = input(f(x).shape, 31);
  return [f(x), ...dl.grads((t: dl.Tensor) => dl.sum(dl.mul(f(t), w)))([x])];
}

describe('MaxPoolGrad on wasm', () => {
  it.each(cases)('matches cpu: $name', async (c) => {
    expect(await maxErrorAgainstCpu(() => pooledGradient(c))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('gives maxPool1d-style gradients that match cpu (reshaped 2-D pooling)', async () => {
    const err = await maxErrorAgainstCpu(() => {
      const x = input([3, 20, 5], 32);
      return dl.grads((t: dl.Tensor) => dl.sum(dl.square(dl.squeeze(
        dl.maxPool(dl.expandDims(t, 1) as dl.Tensor4D, [1, 2], [1, 2], 'valid'), [1]))))([x]);
    });
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => pooledGradient(cases[1]!))).toEqual([0, 0, 0]);
  });
});
