import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { TOLERANCE, input, maxErrorAgainstCpu, wasmAllocationGrowth } from './testing';
import { CHUNK } from './tall-product';

describe('Transpose swapping the first two axes on wasm', () => {
  it('swaps them exactly (sequences to time-major and back), float32 and int32, SIMD and not', async () => {
    expect(await maxErrorAgainstCpu(() => dl.transpose(input([3, 5, 16], 57), [1, 0, 2]))).toBe(0);
    expect(await maxErrorAgainstCpu(() => dl.transpose(input([4, 2, 5, 7], 58), [1, 0, 2, 3]))).toBe(0);
    expect(await maxErrorAgainstCpu(() => dl.cast(dl.transpose(dl.cast(dl.mul(input([2, 3, 20], 59), 50), 'int32'), [1, 0, 2]), 'float32'))).toBe(0);
    expect(await maxErrorAgainstCpu(() => dl.transpose(input([3, 5, 1], 60), [1, 0, 2]))).toBe(0);
  });
});

describe('weight gradients over many rows (aᵀ·b in chunks)', () => {
  it.each([[2 * CHUNK, 6, 9], [2 * CHUNK + 37, 9, 6], [3 * CHUNK + 1, 5, 5]])('matMul(a (%i × %i), b (· × %i), transposeA) matches cpu', async (rows, m, n) => {
    expect(await maxErrorAgainstCpu(() => dl.matMul(input([rows, m], 53), input([rows, n], 54), true, false))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('gives Dense kernel gradients over many rows that match cpu, leaking nothing', async () => {
    const f = () => dl.grads((w: dl.Tensor) => dl.sum(dl.square(dl.matMul(input([2 * CHUNK, 5], 55), w))))([input([5, 3], 56)]);
    expect(await maxErrorAgainstCpu(f)).toBeLessThanOrEqual(TOLERANCE);
    expect(await wasmAllocationGrowth(f)).toEqual([0, 0, 0]);
  });
});

describe('Sum over leading axes on wasm (SIMD row additions)', () => {
  it.each([[[6, 5, 8], [0, 1]], [[7, 12], 0], [[3, 4, 4], [0]], [[2, 3, 8], [1, 0]]] as const)('matches cpu for shape %j, axes %j, with and without keepDims', async (shape, axis) => {
    for (const keepDims of [false, true]) {
      expect(await maxErrorAgainstCpu(() => dl.sum(input([...shape], 61), axis as number | number[], keepDims))).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('leaves other reductions to the original kernel: innermost axes, rows not a multiple of 4, int32', async () => {
    expect(await maxErrorAgainstCpu(() => dl.sum(input([4, 6], 62), 1))).toBeLessThanOrEqual(TOLERANCE);
    expect(await maxErrorAgainstCpu(() => dl.sum(input([5, 3], 63), 0))).toBeLessThanOrEqual(TOLERANCE);
    expect(await maxErrorAgainstCpu(() => dl.cast(dl.sum(dl.cast(dl.mul(input([5, 8], 64), 9), 'int32'), 0), 'float32'))).toBe(0);
  });

  it('gives bias gradients over many pixels that match cpu', async () => {
    expect(await maxErrorAgainstCpu(() => dl.grads((b: dl.Tensor) => dl.sum(dl.square(dl.add(input([16, 9, 9, 8], 65), b))))([input([8], 66)]))).toBeLessThanOrEqual(TOLERANCE);
  });
});
