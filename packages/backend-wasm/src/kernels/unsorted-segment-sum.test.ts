import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { TOLERANCE, input, maxErrorAgainstCpu, wasmAllocationGrowth } from './testing';

describe('UnsortedSegmentSum on wasm', () => {
  it('sums float32 rows by segment, dropping ids out of range', async () => {
    const err = await maxErrorAgainstCpu(() =>
      dl.unsortedSegmentSum(input([7, 3, 2], 40), dl.tensor([0, 2, 0, 5, 2, 2, -1], [7], 'int32'), 4));
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('sums int32 values exactly', async () => {
    const err = await maxErrorAgainstCpu(() => dl.cast(
      dl.unsortedSegmentSum(dl.tensor([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), dl.tensor([1, 1, 0], [3], 'int32'), 3), 'float32'));
    expect(err).toBe(0);
  });

  it('gives gather (Embedding) gradients that match cpu, on axis 0 and 1', async () => {
    const err = await maxErrorAgainstCpu(() => {
      const ids = dl.tensor([[1, 3, 3, 0], [9, 1, 2, 3]], [2, 4], 'int32');
      const embedding = dl.grads((t: dl.Tensor) => dl.sum(dl.mul(dl.gather(t, ids), input([2, 4, 6], 41))))([input([10, 6], 42)]);
      const axis1 = dl.grads((t: dl.Tensor) => dl.sum(dl.square(dl.gather(t, dl.tensor([2, 0, 2], [3], 'int32'), 1))))([input([4, 3, 5], 43)]);
      return [...embedding, ...axis1];
    });
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() =>
      dl.unsortedSegmentSum(input([7, 3], 44), dl.tensor([0, 2, 0, 1, 2, 2, 3], [7], 'int32'), 4))).toEqual([0, 0, 0]);
  });
});
