import { afterEach, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { CACHE_BYTES, GEMM_ROWS, SUM_ROWS, productOn, transposedPlan, transposedProductOn } from './simd-products';
import { input, maxErrorAgainstCpu, setSimd, setSimdMatmul, wasmAllocationGrowth } from './testing';
import { SMALL_PRODUCT_MAX } from './small-product';
import type { BackendWasm } from './wasm-ops';

// Float32 against the cpu backend (which sums products in float64 where it can), on shapes
// small enough that the sums stay short, yet over SMALL_PRODUCT_MAX multiply-adds (smaller
// products go to small-product.ts first).
const TOLERANCE = 1e-5;

/** The same check with dl's SIMD modules on (the new kernels) and off (transposes and XNNPACK). */
async function bothPaths(fn: () => dl.Tensor | dl.Tensor[]): Promise<[number, number]> {
  const on = await maxErrorAgainstCpu(fn);
  setSimd(false);
  try {
    return [on, await maxErrorAgainstCpu(fn)];
  } finally {
    setSimd(true);
  }
}

const matMul = (a: number[], b: number[], tA = false, tB = false, seed = 1) => () => dl.matMul(input(a, seed), input(b, seed + 1), tA, tB);

describe('2-D products on dl\'s SIMD matmul module (gemm)', () => {
  afterEach(() => setSimd(true));

  // Tiles of 4 rows × 8 floats, the last ones overlapping (M mod 4, N mod 8), T = 1.
  it.each([[1029, 17, 8], [1027, 5, 36], [4098, 1, 36], [515, 33, 12], [131, 52, 20], [4, 4100, 8]])('a (%i × %i) · b (· × %i) matches cpu', async (M, T, N) => {
    expect(M * T * N).toBeGreaterThan(SMALL_PRODUCT_MAX);
    const [on, off] = await bothPaths(matMul([M, T], [T, N]));
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });

  it('gives zeros for an empty shared index (tfjs-backend-wasm 4.22\'s XNNPACK path leaves that output uninitialized)', async () => {
    expect(await maxErrorAgainstCpu(() => [dl.matMul(input([6, 0], 1), input([0, 8], 2)), dl.matMul(input([0, 6], 3), input([0, 8], 4), true)])).toBe(0);
  });

  it('serves a batch of one (rank 3) and a long shared index (an IMDB-like multi-hot input)', async () => {
    const [on, off] = await bothPaths(() => [
      dl.matMul(input([1, 600, 30], 3), input([1, 30, 8], 4)),
      dl.matMul(dl.step(input([16, 2000], 5)), dl.mul(input([2000, 16], 6), 0.05)),
    ]);
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });

  it('multiplies a right operand again through XNNPACK when it is wide (its packed form is then reused), with the same results', async () => {
    const [on, off] = await bothPaths(() => {
      const w = input([600, 132], 7); // over 128 columns and 256 KB
      return [dl.matMul(input([64, 600], 8), w), dl.matMul(input([64, 600], 9), w), dl.matMul(input([64, 600], 10), w)];
    });
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });

  it('multiplies by a transposed right operand (dense dx = dy·Wᵀ)', async () => {
    const [on, off] = await bothPaths(matMul([600, 24], [12, 24], false, true));
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });

  it('adds the bias and applies linear, relu or sigmoid in _FusedMatMul; other activations take the original kernel', async () => {
    const [on, off] = await bothPaths(() => (['linear', 'relu', 'sigmoid', 'elu'] as const).flatMap((activation, i) => [
      dl.fused.matMul({ a: input([600, 20], 10 + i), b: input([20, 12], 20 + i), bias: input([12], 30 + i), activation }),
      dl.fused.matMul({ a: input([20, 600], 40 + i), b: input([20, 12], 50 + i), transposeA: true, bias: input([12], 60 + i), activation }),
      dl.fused.matMul({ a: input([600, 20], 70 + i), b: input([12, 20], 80 + i), transposeB: true, bias: input([12], 90 + i), activation }),
    ]));
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaves other shapes to the previous paths, with the same results', async () => {
    const wide = Math.ceil(CACHE_BYTES / 4 / 100) + 4; // b (100 × wide) over the cache budget
    const [on, off] = await bothPaths(() => [
      dl.matMul(input([5, 9], 1), input([9, 10], 2)), // N not a multiple of 4
      dl.matMul(input([3, 9], 1), input([9, 8], 2)), // fewer than 4 rows
      dl.matMul(input([5, 9], 1), input([9, 4], 2)), // fewer than 8 columns
      dl.matMul(input([3, 100], 3), input([100, wide - (wide % 4)], 4)),
      dl.matMul(input([2, 5, 6], 5), input([2, 6, 8], 6)), // a batch of two
      dl.matMul(input([6, 5], 7), input([8, 6], 8), true, true),
    ]);
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('aᵀ·b on dl\'s SIMD matmul module (atbAdd streaming a, or gemm reading a transposed)', () => {
  afterEach(() => setSimd(true));

  // Every edge of the blocks: rows 4 at a time then 1, 8 floats then 4, blocks of SUM_ROWS rows.
  it.each([[1, 33000, 4], [7, 2400, 8], [8, 1500, 12], [41, 170, 20], [SUM_ROWS + 13, 6, 44], [5, 6600, 4]])('a (%i × %i)ᵀ · b (· × %i) matches cpu, streamed into the output', async (rows, m, n) => {
    expect(rows * m * n).toBeGreaterThan(SMALL_PRODUCT_MAX);
    const [on, off] = await bothPaths(matMul([rows, m], [rows, n], true));
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });

  it('reads a transposed where the output does not fit in cache, in blocks of rows', async () => {
    const m = Math.ceil(CACHE_BYTES / 4 / 12) + 3; // the output (m × 12) over the cache budget
    const [on, off] = await bothPaths(() => [dl.matMul(input([6, m], 1), input([6, 12], 2), true), dl.matMul(input([GEMM_ROWS + 13, m], 3), input([GEMM_ROWS + 13, 12], 4), true)]);
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });

  it('gives Dense gradients (fused backward pass) that match cpu', async () => {
    const f = () => dl.grads((x: dl.Tensor, w: dl.Tensor, b: dl.Tensor) =>
      dl.sum(dl.mul(dl.relu(dl.add(dl.matMul(x, w), b)), input([600, 16], 5))))([input([600, 70], 6), input([70, 16], 7), input([16], 8)]);
    const [on, off] = await bothPaths(f);
    expect(on).toBeLessThanOrEqual(TOLERANCE);
    expect(off).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(matMul([600, 20], [20, 12]))).toEqual([0, 0, 0]);
    expect(await wasmAllocationGrowth(matMul([SUM_ROWS + 13, 40], [SUM_ROWS + 13, 8], true))).toEqual([0, 0, 0]);
    expect(await wasmAllocationGrowth(matMul([GEMM_ROWS + 13, 21849], [GEMM_ROWS + 13, 12], true), 2)).toEqual([0, 0, 0]);
    expect(await wasmAllocationGrowth(matMul([600, 24], [12, 24], false, true))).toEqual([0, 0, 0]);
    expect(await wasmAllocationGrowth(() =>
      dl.fused.matMul({ a: input([20, 600], 1), b: input([20, 12], 2), transposeA: true, bias: input([12], 3), activation: 'sigmoid' }))).toEqual([0, 0, 0]);
  });
});

describe('which products the SIMD module serves', () => {
  afterEach(() => setSimdMatmul(true));

  /** Whether `fn` gives a product (freed at once) rather than null, for float32 inputs of the given shapes. */
  async function serves(fn: typeof productOn, a: number[], b: number[]): Promise<boolean> {
    await dl.setBackend('wasm');
    const backend = dl.engine().findBackend('wasm') as unknown as BackendWasm;
    return dl.tidy(() => {
      const out = fn(backend, dl.zeros(a), dl.zeros(b));
      if (out !== null) backend.disposeData(out.dataId);
      return out !== null;
    });
  }

  it('A·B: a right operand with rows of a multiple of 4 floats that fits in the cache budget', async () => {
    expect(await serves(productOn, [512, 10000], [10000, 16])).toBe(true); // IMDB Dense forward
    expect(await serves(productOn, [7744, 64], [64, 288])).toBe(true); // MNIST convnet conv2 input gradient
    expect(await serves(productOn, [5, 9], [9, 10])).toBe(false);
    expect(await serves(productOn, [3, 9], [9, 8])).toBe(false);
    expect(await serves(productOn, [128, 784], [784, 512])).toBe(false);
    expect(await serves(productOn, [2, 5, 6], [2, 6, 8])).toBe(false);
    setSimdMatmul(false);
    expect(await serves(productOn, [512, 10000], [10000, 16])).toBe(false);
  });

  it('Aᵀ·B: streamed while the output fits, else read transposed for up to two blocks of rows', async () => {
    expect(transposedPlan(512, 10000, 16)).toBe('stream'); // IMDB Dense kernel gradient
    expect(transposedPlan(7744, 288, 64)).toBe('stream'); // MNIST convnet conv2 filter gradient
    expect(transposedPlan(128, 784, 512)).toBe('read'); // MNIST MLP kernel gradient
    expect(transposedPlan(1024, 784, 512)).toBe(null); // more rows: the output would be written once per block
    expect(transposedPlan(1024, 1024, 1024)).toBe(null);
    expect(transposedPlan(64, 300, 2052)).toBe(null);
    expect(transposedPlan(64, 64, 10)).toBe(null);
    expect(await serves(transposedProductOn, [512, 10000], [512, 16])).toBe(true);
    expect(await serves(transposedProductOn, [128, 784], [128, 512])).toBe(true);
    expect(await serves(transposedProductOn, [64, 300], [64, 2052])).toBe(false);
    expect(await serves(transposedProductOn, [64, 10], [64, 10])).toBe(false);
  });
});
