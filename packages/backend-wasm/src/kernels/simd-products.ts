/**
 * Float32 matrix products on dl's SIMD matmul module (simd/matmul.ts), for
 * the shapes where it beats transposing and XNNPACK (bench/wasm-kernels):
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

/** Whether {@link productOn} (gemm) serves a right operand of `T × N`. */
export const productFits = (T: number, N: number): boolean => N % 4 === 0 && 4 * T * N <= CACHE_BYTES;

/** Activations applied after a product by their wasm kernel (linear: none). */
const ACTIVATION_KERNELS: Readonly<Record<string, string | null>> = { linear: null, relu: 'Relu', sigmoid: 'Sigmoid' };

const isMatrix = (t: TensorInfo): boolean => t.dtype === 'float32' && t.shape.length === 2 && t.shape.every((d) => d > 0);

/**
 * `a (M × T) · b (T × N)` plus `bias` (N floats, added first) into a new
 * `[M, N]` tensor; null unless N is a multiple of 4 and b fits in
 * {@link CACHE_BYTES}.
 */
export function productOn(backend: BackendWasm, a: TensorInfo, b: TensorInfo, bias?: TensorInfo): TensorInfo | null {
  if (!isMatrix(a) || !isMatrix(b)) return null;
  const [M, T] = a.shape as [number, number];
  const N = b.shape[1]!;
  const kernels = matmulKernels(backend);
  if (kernels === null || !productFits(T, N)) return null;
  const out = allocate(backend, [M, N]);
  kernels.gemm(byteOffset(backend, a), 4 * T, 4, byteOffset(backend, b), bias ? byteOffset(backend, bias) : 0, byteOffset(backend, out), M, T, N);
  return out;
}

/**
 * `aᵀ·b` for `a (rows × m)` and `b (rows × n)` into a new `[m, n]` tensor,
 * without transposing a: by streaming a's rows into the output while that
 * fits in {@link CACHE_BYTES} (measured faster there), else as a product
 * reading a transposed while a's touched cache lines and b fit in half of it;
 * null otherwise or unless n is a multiple of 4.
 */
export function transposedProductOn(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo | null {
  if (!isMatrix(a) || !isMatrix(b)) return null;
  const [rows, m] = a.shape as [number, number];
  const n = b.shape[1]!;
  const kernels = matmulKernels(backend);
  if (kernels === null || n % 4 !== 0) return null;
  const streams = 4 * m * n <= CACHE_BYTES;
  if (!streams && rows * (64 + 4 * n) > CACHE_BYTES / 2) return null;
  const out = allocate(backend, [m, n]);
  const [pa, pb, po] = [byteOffset(backend, a), byteOffset(backend, b), byteOffset(backend, out)];
  if (streams) {
    addTransposedProduct(backend, kernels, pa, pb, out, rows, m, n, true);
  } else {
    kernels.gemm(pa, 4, 4 * m, pb, 0, po, m, rows, n);
  }
  return out;
}

/**
 * Rows of a shared index summed straight into an output; longer sums go in
 * blocks of this many rows, each summed apart and then added, so that float32
 * rounding grows with about rows / SUM_ROWS + SUM_ROWS additions, not with rows.
 */
export const SUM_ROWS = 512;

/**
 * Adds a product summed over `rows` to `out` block by block of
 * {@link SUM_ROWS} rows: `block(from, count, dst)` must write (not add) the
 * product over rows [from, from + count) to `dst` (a tensor of out's shape).
 * With `fresh` (out not written yet), the first block goes to out directly.
 */
export function addInBlocks(
  backend: BackendWasm, out: TensorInfo, rows: number, fresh: boolean, block: (from: number, count: number, dst: TensorInfo) => void,
): void {
  const first = fresh ? Math.min(SUM_ROWS, rows) : 0;
  if (fresh) block(0, first, out);
  if (first === rows) return;
  const part = allocate(backend, out.shape);
  const add = simdKernels(backend);
  const size = part.shape.reduce((s, d) => s * d, 1);
  for (let from = first; from < rows; from += SUM_ROWS) {
    block(from, Math.min(SUM_ROWS, rows - from), part);
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
 * Adds `aᵀ·b` to `out` (m × n) with `atbAdd` ({@link addInBlocks}), for `a`
 * (rows × m) at byte `pa` and `b` (rows × n) at byte `pb`, n a multiple of 4.
 */
export function addTransposedProduct(
  backend: BackendWasm, kernels: MatmulKernels, pa: number, pb: number, out: TensorInfo, rows: number, m: number, n: number, fresh = false,
): void {
  addInBlocks(backend, out, rows, fresh, (from, count, dst) => {
    f32(backend, dst).fill(0);
    kernels.atbAdd(pa + 4 * from * m, pb + 4 * from * n, byteOffset(backend, dst), count, m, n);
  });
}

/** A BatchMatMul's or _FusedMatMul's inputs and attributes. */
interface MatMulArgs {
  a: TensorInfo; b: TensorInfo; transposeA: boolean; transposeB: boolean;
  bias?: TensorInfo | undefined; activation?: string; prelu?: boolean;
}

/**
 * `BatchMatMul` or `_FusedMatMul` on 2-D operands (or 3-D with a batch of 1)
 * by {@link productOn} or {@link transposedProductOn} (with `transposeB`, the
 * right operand, small enough to stay in cache, is transposed first),
 * the bias added and a linear, relu or sigmoid activation applied; null for
 * every other case (both operands transposed, PReLU or other activations,
 * bias not a vector of the output's width).
 */
export function simdMatMul(backend: BackendWasm, args: MatMulArgs): TensorInfo | null {
  const { transposeA, transposeB, bias, activation = 'linear', prelu = false } = args;
  const rank = args.a.shape.length;
  if (rank !== args.b.shape.length || (rank === 3 && (args.a.shape[0] !== 1 || args.b.shape[0] !== 1)) || (rank !== 2 && rank !== 3)) return null;
  const a = viewAs(args.a, args.a.shape.slice(-2));
  const b = viewAs(args.b, args.b.shape.slice(-2));
  const epilogue = ACTIVATION_KERNELS[activation];
  const N = b.shape[transposeB ? 0 : 1]!;
  const biasVector = bias === undefined || (bias.shape.at(-1) === N && bias.shape.reduce((s, d) => s * d, 1) === N);
  if (epilogue === undefined || prelu || !biasVector || (transposeA && transposeB)) return null;

  let out: TensorInfo | null;
  let biasAdded = false;
  if (transposeA) {
    out = transposedProductOn(backend, a, b);
  } else if (transposeB) {
    if (!productFits(b.shape[1]!, N) || matmulKernels(backend) === null) return null;
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
