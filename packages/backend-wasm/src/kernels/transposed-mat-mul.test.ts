import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { swapIsCheaper } from './transposed-mat-mul';
import { TOLERANCE, input, maxErrorAgainstCpu, wasmAllocationGrowth } from './testing';

type Case = { name: string; a: number[]; b: number[]; tA: boolean; tB: boolean };

const cases: Case[] = [
  { name: 'plain', a: [17, 33], b: [33, 9], tA: false, tB: false },
  { name: 'transposeA', a: [33, 17], b: [33, 9], tA: true, tB: false },
  { name: 'transposeB', a: [17, 33], b: [9, 33], tA: false, tB: true },
  { name: 'transposeA and transposeB', a: [33, 17], b: [9, 33], tA: true, tB: true },
  { name: 'batched transposeA', a: [3, 20, 7], b: [3, 20, 5], tA: true, tB: false },
  { name: 'batched transposeB, broadcast batch', a: [1, 6, 8], b: [4, 5, 8], tA: false, tB: true },
  { name: 'rank 4 (attention scores q·kᵀ)', a: [2, 3, 10, 8], b: [2, 3, 10, 8], tA: false, tB: true },
  { name: 'transposeB, wide output (computed as (B·Aᵀ)ᵀ), broadcast batch', a: [3, 8, 40], b: [1, 100, 40], tA: false, tB: true },
  { name: 'transposeA and B, wide output (computed as (B·A)ᵀ)', a: [40, 8], b: [100, 40], tA: true, tB: true },
  { name: 'vector-like shapes', a: [64, 1], b: [64, 7], tA: true, tB: false },
];

describe('BatchMatMul with transposes on wasm', () => {
  it.each(cases)('matches cpu: $name', async (c) => {
    const err = await maxErrorAgainstCpu(() => dl.matMul(input(c.a, 50), input(c.b, 51), c.tA, c.tB));
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('chooses the swapped form only where it moves fewer elements', () => {
    expect(swapIsCheaper(784, 128, 512, true, false)).toBe(false); // dense dW = xᵀ·dy
    expect(swapIsCheaper(128, 512, 784, false, true)).toBe(true); // dense dx = dy·Wᵀ
    expect(swapIsCheaper(8, 40, 100, true, true)).toBe(true);
    expect(swapIsCheaper(128, 784, 512, false, false)).toBe(true); // MNIST dense forward x·W with new weights
    expect(swapIsCheaper(512, 10000, 16, false, false)).toBe(false); // IMDB dense forward: W is narrow
  });

  it('computes a plain product with a new wide right operand swapped, then directly once that operand is packed, both as cpu', async () => {
    // k·n = 300·400 elements to pack: the first product is (Bᵀ·Aᵀ)ᵀ, the next ones go to XNNPACK directly.
    const err = await maxErrorAgainstCpu(() => {
      const w = input([300, 400], 55);
      return [dl.matMul(input([20, 300], 56), w), dl.matMul(input([20, 300], 57), w), dl.matMul(input([3, 20, 300], 58), input([300, 400], 59))];
    });
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('gives dense backward products (xᵀ·dy, dy·Wᵀ) that match cpu', async () => {
    const err = await maxErrorAgainstCpu(() =>
      dl.grads((x: dl.Tensor, w: dl.Tensor) => dl.sum(dl.mul(dl.matMul(x, w), input([32, 40], 52))))([input([32, 100], 53), input([100, 40], 54)]));
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('wraps _FusedMatMul too (bias and activation kept)', async () => {
    const err = await maxErrorAgainstCpu(() => [
      dl.fused.matMul({ a: input([12, 5], 55), b: input([7, 12], 56), transposeA: true, transposeB: true, bias: input([7], 57), activation: 'relu' }),
      dl.fused.matMul({ a: input([5, 12], 58), b: input([7, 12], 59), transposeB: true, activation: 'elu' }),
    ]);
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('computes _FusedMatMul with a new wide right operand swapped, then adds the bias and applies relu or sigmoid, as cpu', async () => {
    const err = await maxErrorAgainstCpu(() => (['relu', 'sigmoid', 'linear', 'elu'] as const).map((activation, i) =>
      dl.fused.matMul({ a: input([20, 300], 70 + i), b: input([300, 400], 80 + i), bias: input([400], 90 + i), activation })));
    expect(err).toBeLessThanOrEqual(TOLERANCE);
    expect(await wasmAllocationGrowth(() =>
      dl.fused.matMul({ a: input([20, 300], 95), b: input([300, 400], 96), bias: input([400], 97), activation: 'relu' }))).toEqual([0, 0, 0]);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => dl.matMul(input([33, 17], 60), input([9, 33], 61), true, true))).toEqual([0, 0, 0]);
    expect(await wasmAllocationGrowth(() => dl.matMul(input([3, 8, 40], 64), input([1, 100, 40], 65), false, true))).toEqual([0, 0, 0]);
    expect(await wasmAllocationGrowth(() =>
      dl.fused.matMul({ a: input([12, 5], 62), b: input([7, 12], 63), transposeA: true, transposeB: true }))).toEqual([0, 0, 0]);
  });
});
