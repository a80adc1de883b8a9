/**
 * A fast transpose of the last two axes on wasm, and the `Transpose` kernel
 * that uses it when a permutation only swaps the last two axes.
 *
 * tfjs-backend-wasm 4.22.0's Transpose moves one element at a time in an
 * order that misses the cache on large matrices: 16 ms for a 512 × 10,000
 * float32 matrix (3.2 ns per element), the transposed operand of IMDB's
 * first-layer weight gradient. Where wasm SIMD is available, 4 × 4 blocks
 * move as vectors (simd/kernels.wat). Otherwise sixteen source rows are read
 * side by side and written as sixteen contiguous output elements, in column
 * tiles of {@link TILE}: about 7 ms for the same matrix, 0.3 ms for 784 × 512.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo, type TypedArray } from '@tensorflow/tfjs-core';
import { byteOffset, simdKernels } from '../simd/simd';
import { swapLeadingAxes, swapsFirstTwo } from './swap-leading-axes';
import { allocate, type BackendWasm } from './wasm-ops';

/** Columns per tile: the sixteen rows' tiles stay in cache while they are read. */
const TILE = 2048;

/** Writes the transpose of the `rows × cols` matrix at `src[from..]` to `dst[to..]` (`cols × rows`). */
export function transposeInto(src: TypedArray, from: number, dst: TypedArray, to: number, rows: number, cols: number): void {
  const C = cols;
  for (let c0 = 0; c0 < cols; c0 += TILE) {
    const c1 = Math.min(cols, c0 + TILE);
    let r0 = 0;
    for (; r0 + 16 <= rows; r0 += 16) {
      const i0 = from + r0 * C;
      for (let c = c0; c < c1; c++) {
        const o = to + c * rows + r0;
        const i = i0 + c;
        dst[o] = src[i]!; dst[o + 1] = src[i + C]!; dst[o + 2] = src[i + 2 * C]!; dst[o + 3] = src[i + 3 * C]!;
        dst[o + 4] = src[i + 4 * C]!; dst[o + 5] = src[i + 5 * C]!; dst[o + 6] = src[i + 6 * C]!; dst[o + 7] = src[i + 7 * C]!;
        dst[o + 8] = src[i + 8 * C]!; dst[o + 9] = src[i + 9 * C]!; dst[o + 10] = src[i + 10 * C]!; dst[o + 11] = src[i + 11 * C]!;
        dst[o + 12] = src[i + 12 * C]!; dst[o + 13] = src[i + 13 * C]!; dst[o + 14] = src[i + 14 * C]!; dst[o + 15] = src[i + 15 * C]!;
      }
    }
    for (; r0 < rows; r0++) {
      const i0 = from + r0 * C;
      for (let c = c0; c < c1; c++) dst[to + c * rows + r0] = src[i0 + c]!;
    }
  }
}

/** `x` with its last two axes swapped, as a new wasm tensor (the caller owns it). Any numeric dtype. */
export function transposeLastTwo(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const rows = x.shape[rank - 2]!;
  const cols = x.shape[rank - 1]!;
  const shape = [...x.shape.slice(0, -2), cols, rows];
  const out = allocate(backend, shape, x.dtype);
  const size = rows * cols;
  const batch = size === 0 ? 0 : util.sizeFromShape(x.shape) / size;
  const simd = util.bytesPerElement(x.dtype) === 4 ? simdKernels(backend) : null;
  if (simd !== null) {
    const from = byteOffset(backend, x);
    const to = byteOffset(backend, out);
    for (let k = 0; k < batch; k++) simd.transpose(from + 4 * k * size, to + 4 * k * size, rows, cols);
    return out;
  }
  const src = backend.typedArrayFromHeap(x) as TypedArray;
  const dst = backend.typedArrayFromHeap(out) as TypedArray;
  for (let k = 0; k < batch; k++) transposeInto(src, k * size, dst, k * size, rows, cols);
  return out;
}

/** Whether `perm` keeps the leading axes and swaps the last two. */
export function swapsLastTwo(perm: readonly number[]): boolean {
  const n = perm.length;
  return n >= 2 && perm[n - 2] === n - 1 && perm[n - 1] === n - 2 && perm.slice(0, -2).every((p, i) => p === i);
}

/** Builds the kernel around the original (kept for other permutations and strings); swaps of the first two axes go to swap-leading-axes.ts. */
export function transposeConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { perm } = args.attrs as unknown as { perm: number[] };
    if (x.dtype !== 'string' && util.bytesPerElement(x.dtype) === 4 && swapsFirstTwo(perm)) return swapLeadingAxes(args.backend as BackendWasm, x);
    if (x.dtype === 'string' || !swapsLastTwo(perm)) return original.kernelFunc(args);
    return transposeLastTwo(args.backend as BackendWasm, x);
  };
  return { ...original, kernelFunc };
}
