import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { input, maxErrorAgainstCpu, wasmAllocationGrowth } from './testing';

describe('GatherV2 on wasm (whole-slice copies)', () => {
  it('gathers rows, middle axes and the last axis exactly as cpu', async () => {
    const err = await maxErrorAgainstCpu(() => [
      dl.gather(input([6, 40], 1), dl.tensor([5, 0, 0, 3], [4], 'int32')), // rows of 40: TypedArray.set
      dl.gather(input([3, 5, 20], 2), dl.tensor([[4, 1], [0, 4]], [2, 2], 'int32'), 1), // 2-D indices, axis 1
      dl.gather(input([4, 7], 3), dl.tensor([6, 2, 2], [3], 'int32'), 1), // slices of 1: the element loop
      dl.gather(input([2, 3, 4, 5], 4), dl.tensor([2], [1], 'int32'), -2),
      dl.gather(input([5, 2], 5), dl.tensor([], [0], 'int32')), // no indices
    ]);
    expect(err).toBe(0);
  });

  it('gathers int32 and bool tensors bit for bit', async () => {
    await dl.setBackend('wasm');
    const ints = dl.gather(dl.tensor([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), dl.tensor([2, 0, 2], [3], 'int32'));
    expect(ints.dtype).toBe('int32');
    expect(ints.arraySync()).toEqual([[5, 6], [1, 2], [5, 6]]);
    const bools = dl.gather(dl.tensor([true, false, true, true], [4], 'bool'), dl.tensor([1, 3], [2], 'int32'));
    expect(bools.dtype).toBe('bool');
    expect(bools.arraySync()).toEqual([0, 1]);
    dl.dispose([ints, bools]);
  });

  it('keeps batchDims working (the original kernel)', async () => {
    const err = await maxErrorAgainstCpu(() =>
      dl.gather(input([2, 4, 3], 6), dl.tensor([[3, 0], [1, 1]], [2, 2], 'int32'), 1, 1));
    expect(err).toBe(0);
  });

  it('rejects an index out of range and leaks nothing when it does', async () => {
    await dl.setBackend('wasm');
    const x = input([3, 20], 7);
    const bad = dl.tensor([0, 3], [2], 'int32');
    const before = dl.engine().findBackend('wasm')!.numDataIds();
    expect(() => dl.gather(x, bad)).toThrow('GatherV2: the index value 3 is not in [0, 2]');
    expect(() => dl.gather(x, dl.tensor([-1], [1], 'int32'))).toThrow('GatherV2: the index value -1 is not in [0, 2]');
    expect(dl.engine().findBackend('wasm')!.numDataIds()).toBe(before + 1); // only the second indices tensor
    dl.dispose([x, bad]);
  });

  it('gives the same gradients as cpu', async () => {
    const err = await maxErrorAgainstCpu(() =>
      dl.grads((t: dl.Tensor) => dl.sum(dl.square(dl.gather(t, dl.tensor([1, 1, 0], [3], 'int32')))))([input([3, 32], 8)]));
    expect(err).toBeLessThanOrEqual(1e-6);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => dl.gather(input([8, 32], 9), dl.tensor([7, 1], [2], 'int32')))).toEqual([0, 0, 0]);
  });
});
