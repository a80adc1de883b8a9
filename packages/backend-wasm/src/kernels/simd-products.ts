/**
 * Float32 matrix products on dl's SIMD matmul module (simd/matmul.ts), for
 * the shapes where it was measured faster than transposing and XNNPACK:
 * XNNPACK packs every new right operand (5-12 ns per element: every step for
 * fresh weights, gradients and patch matrices) and needs transposed operands
 * materialized, while these kernels read the operands where they are. They
 * keep a register tile of the output and stream the shared index, which is
 * fast while what they re-read stays in cache: the right operand (A·B), or
 * the transposed operand's rows and the right operand, or the output (Aᵀ·B,
 * {@link transposedProductOn}). Elsewhere, and where the module cannot run,
 * the functions return null and the caller takes its other path.
 *
 * Every output element is one sum in the order of the shared index, each
 * term one float32 multiply and one add (no fused multiply-add).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { matmulKernels, type MatmulKernels } from '../simd/matmul';
import { byteOffset, simdKernels } from '../simd/simd';
import { transposeLastTwo } from './transpose';
import { allocate, f32, free, runWasmKernel, viewAs, type BackendWasm } from './wasm-ops';

/** Bytes that the kernels' re-read working set may take (about an L2 cache). */
export const CACHE_BYTES = 1 << 20;

/**
 * Convolutions with fewer input channels than this build their patch matrix
 * transposed (`patchesT`, a float at a time), since im2col copies only C
 * floats per call (measured: 0.3 against 1.9 ms for MNIST's first layer).
 */
export const FEW_CHANNELS = 4;

/** Whether `gemm` serves an `(M × T) · (T × N)` product: M ≥ 4, N ≥ 8 a multiple of 4, and b within {@link CACHE_BYTES}. */
export const productFits = (M: number, T: number, N: number): boolean => M >= 4 && N >= 8 && N % 4 === 0 && 4 * T * N <= CACHE_BYTES;

/** `_FusedMatMul` activations applied after a product, and the wasm kernel for each (linear: none). */
export const EPILOGUE_KERNELS: Readonly<Record<string, string | null>> = { linear: null, relu: 'Relu', sigmoid: 'Sigmoid' };

const isMatrix = (t: TensorInfo): boolean => t.dtype === 'float32' && t.shape.length === 2;

/**
 * `a (M × T) · b (T × N)` plus `bias` (N floats, added first) into a new
 * `[M, N]` tensor; null unless {@link productFits}.
 */
export function productOn(backend: BackendWasm, a: TensorInfo, b: TensorInfo, bias?: TensorInfo): TensorInfo | null {
  if (!isMatrix(a) || !isMatrix(b)) return null;
  const [M, T] = a.shape as [number, number];
  const N = b.shape[1]!;
  const kernels = matmulKernels(backend);
  if (kernels === null || !productFits(M, T, N)) return null;
  const out = allocate(backend, [M, N]);
  kernels.gemm(byteOffset(backend, a), 4 * T, 4, byteOffset(backend, b), bias ? byteOffset(backend, bias) : 0, byteOffset(backend, out), M, T, N);
  return out;
}

/**
 * Rows per block of a product summed apart then added to the output
 * ({@link addInBlocks}), so that float32 rounding grows with about
 * rows / block + block additions, not with rows. Reading a transposed
 * (`gemm`), 128 rows keep a's touched cache lines and b's block in L1
 * (measured fastest); streaming (`atbAdd`), 512 (the output is zeroed and
 * added to once per block).
 */
export const GEMM_ROWS = 128;
export const SUM_ROWS = 512;

/**
 * How {@link addTransposedProduct} sums aᵀ·b for `a (rows × m)` and
 * `b (rows × n)`: `'stream'`, atbAdd streaming a's rows into the output while
 * that takes at most 3/4 of {@link CACHE_BYTES}, else `'read'`, gemm reading
 * a transposed in blocks of rows, for at most two blocks of rows that fit
 * (more would write the large output again for each); null where n is not a
 * multiple of 4 or neither applies (measured slower than transposing and
 * XNNPACK for such shapes, e.g. 1024 × 1024 products).
 */
export function transposedPlan(rows: number, m: number, n: number): 'read' | 'stream' | null {
  if (n % 4 !== 0) return null;
  if (16 * m * n <= 3 * CACHE_BYTES) return 'stream';
  return rows <= 2 * GEMM_ROWS && productFits(m, GEMM_ROWS, n) ? 'read' : null;
}

/**
 * `aᵀ·b` for `a (rows × m)` and `b (rows × n)` into a new `[m, n]` tensor,
 * without transposing a ({@link transposedPlan}); null where the module
 * cannot run or the shape is not served.
 */
export function transposedProductOn(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo | null {
  if (!isMatrix(a) || !isMatrix(b)) return null;
  const [rows, m] = a.shape as [number, number];
  const n = b.shape[1]!;
  const kernels = matmulKernels(backend);
  if (kernels === null || m === 0 || n === 0 || transposedPlan(rows, m, n) === null) return null;
  const out = allocate(backend, [m, n]);
  addTransposedProduct(backend, kernels, byteOffset(backend, a), byteOffset(backend, b), out, rows, m, n, true);
  return out;
}

/**
 * Adds a product summed over `rows` to `out` in blocks of `blockRows` rows:
 * `block(from, count, dst)` must write (not add) the product over rows
 * [from, from + count) to `dst` (a tensor of out's shape). With `fresh` (out
 * not written yet), the first block goes to out directly.
 */
export function addInBlocks(
  backend: BackendWasm, out: TensorInfo, rows: number, blockRows: number, fresh: boolean,
  block: (from: number, count: number, dst: TensorInfo) => void,
): void {
  const first = fresh ? Math.min(blockRows, rows) : 0;
  if (fresh) block(0, first, out);
  if (first === rows) return;
  const part = allocate(backend, out.shape);
  const add = simdKernels(backend);
  const size = part.shape.reduce((s, d) => s * d, 1);
  for (let from = first; from < rows; from += blockRows) {
    block(from, Math.min(blockRows, rows - from), part);
    if (add !== null && size % 4 === 0) {
      add.addInto(byteOffset(backend, out), byteOffset(backend, part), size);
    } else {
      const [o, p] = [f32(backend, out), f32(backend, part)];
      for (let i = 0; i < size; i++) o[i]! += p[i]!;
    }
  }
  free(backend, part);
}

/**
 * Adds `aᵀ·b` to `out` (m × n) as {@link transposedPlan} says (which must
 * not be null), for `a` (rows × m) at byte `pa` and `b` (rows × n) at byte
 * `pb`; `fresh`: out not written yet.
 */
export function addTransposedProduct(
  backend: BackendWasm, kernels: MatmulKernels, pa: number, pb: number, out: TensorInfo, rows: number, m: number, n: number, fresh: boolean,
): void {
  if (transposedPlan(rows, m, n) === 'stream') {
    addInBlocks(backend, out, rows, SUM_ROWS, fresh, (from, count, dst) => {
      f32(backend, dst).fill(0);
      kernels.atbAdd(pa + 4 * from * m, pb + 4 * from * n, byteOffset(backend, dst), count, m, n);
    });
  } else {
    addInBlocks(backend, out, rows, GEMM_ROWS, fresh, (from, count, dst) =>
      kernels.gemm(pa + 4 * from * m, 4, 4 * m, pb + 4 * from * n, 0, byteOffset(backend, dst), m, count, n));
  }
}

/** A BatchMatMul's or _FusedMatMul's inputs and attributes. */
interface MatMulArgs {
  a: TensorInfo; b: TensorInfo; transposeA: boolean; transposeB: boolean;
  bias?: TensorInfo | undefined; activation?: string; prelu?: boolean;
  /** The right operand of a plain product was multiplied before (XNNPACK would pack it once, then reuse it). */
  reused?: boolean;
}

/**
 * `BatchMatMul` or `_FusedMatMul` on 2-D operands (or 3-D with a batch of 1)
 * by {@link productOn} or {@link transposedProductOn} (with `transposeB`, the
 * right operand, small enough to stay in cache, is transposed first),
 * the bias added and a linear, relu or sigmoid activation applied; null for
 * every other case (both operands transposed, PReLU or other activations,
 * bias not a vector of the output's width), and for a reused right operand
 * over 128 columns and 256 KB, which XNNPACK multiplies faster once it has
 * packed it (measured 31 against 29.6 GFLOPS at 512 × 512).
 */
export function simdMatMul(backend: BackendWasm, args: MatMulArgs): TensorInfo | null {
  const { transposeA, transposeB, bias, activation = 'linear', prelu = false, reused = false } = args;
  const rank = args.a.shape.length;
  if (rank !== args.b.shape.length || (rank === 3 && (args.a.shape[0] !== 1 || args.b.shape[0] !== 1)) || (rank !== 2 && rank !== 3)) return null;
  const a = viewAs(args.a, args.a.shape.slice(-2));
  const b = viewAs(args.b, args.b.shape.slice(-2));
  const epilogue = EPILOGUE_KERNELS[activation];
  const N = b.shape[transposeB ? 0 : 1]!;
  const biasVector = bias === undefined || (bias.shape.at(-1) === N && bias.shape.reduce((s, d) => s * d, 1) === N);
  if (epilogue === undefined || prelu || !biasVector || (transposeA && transposeB)) return null;
  if (reused && N > 128 && 16 * b.shape[0]! * N > CACHE_BYTES) return null;

  let out: TensorInfo | null;
  let biasAdded = false;
  if (transposeA) {
    out = transposedProductOn(backend, a, b);
  } else if (transposeB) {
    if (!productFits(a.shape[0]!, b.shape[1]!, N) || matmulKernels(backend) === null) return null;
    const bT = transposeLastTwo(backend, b);
    out = productOn(backend, a, bT, bias);
    free(backend, bT);
    biasAdded = true;
  } else {
    out = productOn(backend, a, b, bias);
    biasAdded = true;
  }
  if (out === null) return null;
  if (bias !== undefined && !biasAdded) out = replace(backend, out, (c) => runWasmKernel(backend, 'Add', { a: c, b: bias }));
  if (epilogue !== null) out = replace(backend, out, (c) => runWasmKernel(backend, epilogue, { x: c }));
  if (rank === 3) out.shape = [1, ...out.shape];
  return out;
}

/** `fn(c)`, freeing `c`. */
function replace(backend: BackendWasm, c: TensorInfo, fn: (c: TensorInfo) => TensorInfo): TensorInfo {
  const next = fn(c);
  free(backend, c);
  return next;
}
