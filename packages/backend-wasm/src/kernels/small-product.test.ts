import { afterEach, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { SMALL_PRODUCT_MAX } from './small-product';
import { TOLERANCE, input, maxErrorAgainstCpu, setSimd, wasmAllocationGrowth } from './testing';

type Case = { name: string; a: number[]; b: number[]; tA: boolean; tB: boolean };

// Columns 16 at a time, 4 at a time and one by one (n = 37 = 2·16 + 4 + 1); k not a multiple of 4.
const cases: Case[] = [
  { name: 'plain (rows form)', a: [16, 13], b: [13, 37], tA: false, tB: false },
  { name: 'transposeA, a weight gradient xᵀ·dz (rows form, strided A)', a: [16, 13], b: [16, 37], tA: true, tB: false },
  { name: 'transposeB, an input gradient dz·Wᵀ (dots form)', a: [16, 37], b: [13, 37], tA: false, tB: true },
  { name: 'one output column (dots form)', a: [16, 65], b: [65, 1], tA: false, tB: false },
  { name: 'one output column, transposeA (rows form)', a: [65, 16], b: [65, 1], tA: true, tB: false },
  { name: 'k = 1 and 2', a: [5, 1], b: [1, 6], tA: false, tB: false },
  { name: 'leading 1s (rank 3)', a: [1, 7, 9], b: [1, 9, 20], tA: false, tB: false },
  { name: 'transposeB with k = 1, the input gradient of a one-unit layer (rows form)', a: [16, 1], b: [21, 1], tA: false, tB: true },
  { name: 'transposeB with a short k (left to XNNPACK)', a: [16, 8], b: [21, 8], tA: false, tB: true },
];

describe('small products on wasm (simd/small-product.wat)', () => {
  afterEach(() => setSimd(true));

  it.each(cases)('match cpu: $name', async (c) => {
    expect(c.a.reduce((x, y) => x * y, 1) * (c.tB ? c.b.at(-2)! : c.b.at(-1)!)).toBeLessThanOrEqual(SMALL_PRODUCT_MAX);
    expect(await maxErrorAgainstCpu(() => dl.matMul(input(c.a, 1), input(c.b, 2), c.tA, c.tB))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('apply a bias and relu after the sum (fused Dense), as cpu, and keep NaN through relu', async () => {
    const err = await maxErrorAgainstCpu(() => [
      dl.fused.matMul({ a: input([16, 13], 3), b: input([13, 64], 4), bias: input([64], 5), activation: 'relu' }),
      dl.fused.matMul({ a: input([16, 64], 6), b: input([64, 1], 7), bias: input([1], 8) }),
      dl.fused.matMul({ a: input([16, 64], 9), b: input([64, 64], 10), bias: input([1, 64], 11), activation: 'relu', transposeB: true }),
      dl.fused.matMul({ a: input([9, 5], 12), b: input([9, 6], 13), activation: 'relu', transposeA: true }),
    ]);
    expect(err).toBeLessThanOrEqual(TOLERANCE);
    await dl.setBackend('wasm');
    const y = dl.fused.matMul({ a: dl.tensor2d([[NaN, 1], [-1, 1]]), b: dl.tensor2d([[1], [1]]), activation: 'relu' });
    expect(Array.from(y.dataSync())).toEqual([NaN, 0]);
    y.dispose();
  });

  it('take every product the SIMD-less path takes to the same values (XNNPACK and the transposing wrapper)', async () => {
    await dl.setBackend('wasm');
    const run = () => dl.tidy(() => cases.map((c) => Array.from(dl.matMul(input(c.a, 1), input(c.b, 2), c.tA, c.tB).dataSync())));
    const simd = run();
    setSimd(false);
    const plain = run();
    simd.forEach((v, i) => v.forEach((x, j) => expect(x).toBeCloseTo(plain[i]![j]!, 4)));
  });

  it('leave larger and batched products to the other paths, and leak nothing', async () => {
    expect(await maxErrorAgainstCpu(() => [
      dl.matMul(input([64, 65], 14), input([65, 64], 15)), // 266,240 multiply-adds
      dl.matMul(input([2, 8, 9], 16), input([2, 9, 10], 17)),
      dl.matMul(input([9, 8], 18), input([10, 9], 19), true, true),
    ])).toBeLessThanOrEqual(TOLERANCE);
    expect(await wasmAllocationGrowth(() => [
      dl.matMul(input([16, 13], 20), input([13, 37], 21)),
      dl.matMul(input([16, 37], 22), input([13, 37], 23), false, true),
      dl.fused.matMul({ a: input([16, 13], 24), b: input([13, 64], 25), bias: input([64], 26), activation: 'relu' }),
    ])).toEqual([0, 0, 0]);
  });
});
