/**
 * Aᵀ·B for tall A `(rows, m)` and B `(rows, n)` on wasm: the weight gradient
 * of a product whose rows are batch × time steps (25 600 for the IMDB
 * BiLSTM) or batch × pixels. XNNPACK multiplies by a right operand it packs
 * first, and with that many rows both the packing (5-12 ns per value) and
 * the product (the packed operand no longer fits in cache: 10-13 GFLOPS
 * where 25-30 is the norm) slow down. Here the rows go in chunks of
 * {@link CHUNK}: each chunk's wider operand is transposed (simd/kernels.wat) straight
 * from its rows, its narrower one copied out and packed, and the partial products
 * summed.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { byteOffset as pointer, simdKernels } from '../simd/simd';
import { transposeLastTwo } from './transpose';
import { allocate, f32, free, runWasmKernel, viewAs, type BackendWasm } from './wasm-ops';

/**
 * Rows per chunk: a packed (1000, 64..256) operand stays in cache (measured
 * fastest between 512 and 2048); not a power of two, so the transposed
 * chunk's rows are not 4 KB apart (which makes them share cache sets).
 */
export const CHUNK = 1000;

/** A new tensor holding rows [from, from + count) of the 2-D `x`. */
function rowsOf(backend: BackendWasm, x: TensorInfo, from: number, count: number): TensorInfo {
  const width = x.shape[1]!;
  const out = allocate(backend, [count, width]);
  f32(backend, out).set(f32(backend, x).subarray(from * width, (from + count) * width));
  return out;
}

/**
 * `aᵀ·b` for float32 `a (rows, m)` and `b (rows, n)` in chunks of rows, or
 * null when the SIMD module is not available (the caller multiplies as usual).
 */
export function tallTransposedProduct(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo | null {
  const m = simdKernels(backend);
  if (m === null) return null;
  const [rows, aWidth] = a.shape as [number, number];
  const bWidth = b.shape[1]!;
  // Pack the narrower operand; transpose the wider one. With b packed the sum is aᵀ·b, else (bᵀ·a)ᵀ.
  const [wide, narrow] = bWidth <= aWidth ? [a, b] : [b, a];
  const [wideWidth, narrowWidth] = [wide.shape[1]!, narrow.shape[1]!];
  const sum = allocate(backend, [wideWidth, narrowWidth]);
  f32(backend, sum).fill(0);
  for (let from = 0; from < rows; from += CHUNK) {
    const count = Math.min(CHUNK, rows - from);
    const left = allocate(backend, [wideWidth, count]);
    m.transpose(pointer(backend, wide) + 4 * from * wideWidth, pointer(backend, left), count, wideWidth);
    const right = rowsOf(backend, narrow, from, count);
    const part = runWasmKernel(backend, 'BatchMatMul', { a: left, b: right }, { transposeA: false, transposeB: false });
    if ((wideWidth * narrowWidth) % 4 === 0) {
      m.addInto(pointer(backend, sum), pointer(backend, part), wideWidth * narrowWidth);
    } else {
      const s = f32(backend, sum);
      const p = f32(backend, part);
      for (let i = 0; i < s.length; i++) s[i] = s[i]! + p[i]!;
    }
    free(backend, left, right, part);
  }
  if (wide === a) return sum;
  const out = transposeLastTwo(backend, viewAs(sum, [wideWidth, narrowWidth]));
  free(backend, sum);
  return out;
}
