import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { input, maxErrorAgainstCpu, wasmAllocationGrowth } from './testing';

describe('Sum over leading axes on wasm', () => {
  const cases: Array<[number[], number[], boolean]> = [
    // One column (a one-unit Dense layer's bias gradient): the flat view's sum.
    [[16, 1], [0], false],
    [[16, 1], [0], true],
    [[5, 3, 1], [0, 1], false],
    [[5, 3, 1], [0, 1], true],
    // Rows of a multiple of 4 (SIMD row additions) and of fewer than 4 (the original kernel).
    [[16, 64], [0], false],
    [[7, 6, 8], [0, 1], true],
    [[9, 3], [0], false],
  ];
  it.each(cases)('%j over axes %j (keepDims %s): as cpu, shape included', async (shape, axis, keepDims) => {
    expect(await maxErrorAgainstCpu(() => dl.sum(input(shape, 3), axis, keepDims))).toBeLessThanOrEqual(1e-5);
    await dl.setBackend('wasm');
    const want = shape.map((d, i) => (axis.includes(i) ? 1 : d)).filter((_, i) => keepDims || !axis.includes(i));
    const before = dl.memory().numTensors;
    const out = dl.tidy(() => dl.sum(input(shape, 3), axis, keepDims));
    expect(out.shape).toEqual(want);
    out.dispose();
    expect(dl.memory().numTensors).toBe(before);
    expect(await wasmAllocationGrowth(() => dl.sum(input(shape, 3), axis, keepDims))).toEqual([0, 0, 0]);
  });
});
