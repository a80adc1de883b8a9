/**
 * The LSTM sequence kernels' step math in WebAssembly SIMD (recurrent-wasm.ts,
 * built by scripts/build-recurrent-simd.mjs), instantiated on the backend's
 * memory like kernels.wat (see simd.ts: null where it cannot run, and then
 * the kernels run their JS step math).
 */
import type { BackendWasm } from '../kernels/wasm-ops';
import { RECURRENT_WASM_BASE64 } from './recurrent-wasm';
import { instantiate, type SimdModule } from './simd';

/** The module's exports (pointers and strides in bytes; rows hold a multiple of 4 units). */
export interface RecurrentKernels {
  /**
   * LSTM forward step over every row: z = x + bias + p (gates i, f, g, o),
   * c = σ(f)·cPrev + σ(i)·tanh(g), h = σ(o)·tanh(c); h to hNext (contiguous)
   * and the sequence row, and i, f, g, o, c, tanh(c) to the cache row.
   */
  lstmForward(
    batch: number, units: number, x: number, xStride: number, bias: number, p: number, cPrev: number, cPrevStride: number,
    hNext: number, seq: number, seqStride: number, cache: number, cacheStride: number,
  ): void;
  /**
   * LSTM backward step over every row, from the cache row: the gradient
   * reaching h is dh + dSeq; the gate pre-activation gradients go to the dx
   * row and the contiguous dp, are added to dBias, and dc·f goes to dcOut.
   */
  lstmBackward(
    batch: number, units: number, dh: number, dSeq: number, dSeqStride: number, dcIn: number, dcOut: number,
    cPrev: number, cPrevStride: number, cache: number, cacheStride: number, dx: number, dxStride: number, dp: number, dBias: number,
  ): void;
}

const recurrent: SimdModule<RecurrentKernels> = { base64: RECURRENT_WASM_BASE64, instances: new WeakMap() };

/** The LSTM step module on `backend`'s memory, or null. */
export function recurrentKernels(backend: BackendWasm): RecurrentKernels | null {
  return instantiate(backend, recurrent);
}
