/**
 * dl's SIMD convolution kernels (conv.wat: im2col, col2im, MaxPoolGrad),
 * instantiated on the backend's memory like kernels.wat (see simd.ts: null
 * where they cannot run, and then the kernels run their JS loops, which give
 * the same values). A module of its own, so that the dense entry, which
 * leaves these kernels out, carries none of it.
 */
import type { BackendWasm } from '../kernels/wasm-ops';
import { CONV_WASM_HEX } from './conv-wasm';
import { instantiate, type ConvGeometry, type SimdModule } from './simd';

/** The module's exports; pointers are byte offsets into the backend's memory. */
export interface ConvSimdKernels {
  /** The patch matrix of NHWC images [b0, b1) of `x` into `cols` (see kernels/im2col.ts). */
  im2col(x: number, cols: number, b0: number, b1: number, ...geometry: ConvGeometry): void;
  /** Adds the patch matrix `cols` of images [b0, b1) back onto `x` (the adjoint of im2col). */
  col2imAdd(x: number, cols: number, b0: number, b1: number, ...geometry: ConvGeometry): void;
  /** MaxPoolGrad of `batch` NHWC images: `dx` (zero on entry) receives `dy` at each window's first maximum. */
  maxPoolGrad(x: number, dy: number, dx: number, batch: number, ...geometry: ConvGeometry): void;
}

const conv: SimdModule<ConvSimdKernels> = { hex: CONV_WASM_HEX, instances: new WeakMap() };

/** The SIMD convolution kernels on `backend`'s memory, or null where they cannot run. */
export function convSimdKernels(backend: BackendWasm): ConvSimdKernels | null {
  return instantiate(backend, conv);
}
