/**
 * dl's matrix-product kernels in WebAssembly SIMD (matmul-wasm.ts, built by
 * scripts/build-matmul-simd.mjs), instantiated on the backend's memory like
 * kernels.wat (see simd.ts: null where they cannot run, and then the callers
 * take their other paths). They multiply without packing or transposing
 * either operand, which XNNPACK must do for every new right operand.
 * `globalThis[Symbol.for('@dl/backend-wasm/simd-matmul')] = false` switches
 * off this module alone (tests use it to compare other SIMD kernels with
 * their JS paths bit for bit, with the same products on both sides).
 */
import type { BackendWasm } from '../kernels/wasm-ops';
import { MATMUL_WASM_HEX } from './matmul-wasm';
import { instantiate, type ConvGeometry, type SimdModule } from './simd';

/** The module's exports; pointers and strides in bytes, sizes in elements. */
export interface MatmulKernels {
  /**
   * `out` (M × N) = bias + A·b: A (M × T) with element (r, t) at byte
   * `a + r·sR + t·sT` (so A may be read transposed), `b` (T × N) row-major,
   * `bias` N floats or 0 for none; M ≥ 4, N ≥ 8 a multiple of 4.
   */
  gemm(a: number, sR: number, sT: number, b: number, bias: number, out: number, M: number, T: number, N: number): void;
  /** `out` (m × n) += aᵀ·b for `a` (rows × m) and `b` (rows × n), n a multiple of 4, streaming a's rows. */
  atbAdd(a: number, b: number, out: number, rows: number, m: number, n: number): void;
  /** The transposed patch matrix `[K, P]` of NHWC images [b0, b1) of `x` into `cols` (see kernels/im2col.ts for the untransposed one). */
  patchesT(x: number, cols: number, b0: number, b1: number, ...geometry: ConvGeometry): void;
}

const SWITCH = Symbol.for('@dl/backend-wasm/simd-matmul');

const module: SimdModule<MatmulKernels> = { hex: MATMUL_WASM_HEX, instances: new WeakMap() };

/** The matrix-product module on `backend`'s memory, or null where it cannot run. */
export function matmulKernels(backend: BackendWasm): MatmulKernels | null {
  if ((globalThis as Record<symbol, unknown>)[SWITCH] === false) return null;
  return instantiate(backend, module);
}
