import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { swapsLastTwo } from './transpose';
import { input, maxErrorAgainstCpu, wasmAllocationGrowth } from './testing';

describe('Transpose on wasm (last two axes in tiles)', () => {
  it('matches cpu exactly for matrices with and without a remainder of rows, wider than one tile, and batched', async () => {
    const err = await maxErrorAgainstCpu(() => [
      dl.transpose(input([32, 48], 1)), // whole strips of 16 rows
      dl.transpose(input([37, 5], 2)), // 2 strips and 5 leftover rows
      dl.transpose(input([18, 2100], 3)), // two column tiles
      dl.transpose(input([3, 2, 17, 9], 4), [0, 1, 3, 2]), // batched
      dl.transpose(input([1, 7], 5)),
      dl.transpose(input([0, 4], 6)),
    ]);
    expect(err).toBe(0);
  });

  it('keeps other permutations on the original kernel, exactly as cpu', async () => {
    const err = await maxErrorAgainstCpu(() => [
      dl.transpose(input([2, 3, 4], 7), [2, 0, 1]),
      dl.transpose(input([2, 3, 4], 8), [1, 0, 2]),
    ]);
    expect(err).toBe(0);
    expect(swapsLastTwo([0, 2, 1])).toBe(true);
    expect(swapsLastTwo([1, 0])).toBe(true);
    expect(swapsLastTwo([1, 0, 2])).toBe(false);
    expect(swapsLastTwo([2, 1, 0])).toBe(false);
  });

  it('transposes int32 and bool tensors bit for bit', async () => {
    await dl.setBackend('wasm');
    const ints = dl.transpose(dl.tensor([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32'));
    expect(ints.dtype).toBe('int32');
    expect(ints.arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const bools = dl.transpose(dl.tensor([[true, false], [false, false]], [2, 2], 'bool'));
    expect(bools.arraySync()).toEqual([[1, 0], [0, 0]]);
    dl.dispose([ints, bools]);
  });

  it('gives the same gradients as cpu', async () => {
    const err = await maxErrorAgainstCpu(() =>
      dl.grads((t: dl.Tensor) => dl.sum(dl.mul(dl.transpose(t), input([20, 19], 9))))([input([19, 20], 10)]));
    expect(err).toBe(0);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => dl.transpose(input([33, 21], 11)))).toEqual([0, 0, 0]);
  });
});
