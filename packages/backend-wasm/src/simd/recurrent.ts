/**
 * The fused recurrent kernels' step math in WebAssembly SIMD
 * (recurrent-wasm.ts, built by scripts/build-recurrent-simd.mjs): one module
 * for LSTM, one for GRU and SimpleRNN, instantiated on the backend's memory
 * like kernels.wat (see simd.ts: null where they cannot run, and then the
 * kernels run their JS step math). Pointers and strides are in bytes; rows
 * hold a multiple of 4 units.
 */
import type { BackendWasm } from '../kernels/wasm-ops';
import { GRU_SIMPLE_WASM_HEX, LSTM_WASM_HEX } from './recurrent-wasm';
import { instantiate, type SimdModule } from './simd';

/** The LSTM module. */
export interface LstmKernels {
  /**
   * Forward step over every row: z = x + bias + p (gates i, f, g, o),
   * c = σ(f)·cPrev + σ(i)·tanh(g), h = σ(o)·tanh(c); h to hNext (contiguous)
   * and the sequence row, and i, f, g, o, c, tanh(c) to the cache row.
   */
  lstmForward(
    batch: number, units: number, x: number, xStride: number, bias: number, p: number, cPrev: number, cPrevStride: number,
    hNext: number, seq: number, seqStride: number, cache: number, cacheStride: number,
  ): void;
  /**
   * Backward step over every row, from the cache row: the gradient reaching
   * h is dh + dSeq; the gate pre-activation gradients go to the dx row and
   * the contiguous dp, are added to dBias, and dc·f goes to dcOut.
   */
  lstmBackward(
    batch: number, units: number, dh: number, dSeq: number, dSeqStride: number, dcIn: number, dcOut: number,
    cPrev: number, cPrevStride: number, cache: number, cacheStride: number, dx: number, dxStride: number, dp: number, dBias: number,
  ): void;
}

/** The GRU (reset after) and SimpleRNN module. */
export interface GruSimpleKernels {
  /** GRU forward step: h' = z·h + (1 − z)·ĥ to hNext and the sequence row; z, r, ĥ and the product's h block (with its bias) to the cache row. */
  gruForward(
    batch: number, units: number, x: number, xStride: number, bias: number, recurrentBias: number, p: number, h: number,
    hNext: number, seq: number, seqStride: number, cache: number, cacheStride: number,
  ): void;
  /** GRU backward step: dx row, contiguous dp, dBias and dRecurrentBias sums, and dh·z (reaching the previous h directly) to dhDirect. */
  gruBackward(
    batch: number, units: number, dh: number, dSeq: number, dSeqStride: number, hPrev: number, hPrevStride: number,
    cache: number, cacheStride: number, dx: number, dxStride: number, dp: number, dhDirect: number, dBias: number, dRecurrentBias: number,
  ): void;
  /** SimpleRNN forward step: h' = tanh(x + bias + p) to hNext and the sequence row. */
  simpleForward(batch: number, units: number, x: number, xStride: number, bias: number, p: number, hNext: number, seq: number, seqStride: number): void;
  /** SimpleRNN backward step: (dh + dSeq)·(1 − h²) to the dx row, the contiguous dp and dBias. */
  simpleBackward(
    batch: number, units: number, dh: number, dSeq: number, dSeqStride: number, h: number, hStride: number,
    dx: number, dxStride: number, dp: number, dBias: number,
  ): void;
}

const lstm: SimdModule<LstmKernels> = { hex: LSTM_WASM_HEX, instances: new WeakMap() };
const gruSimple: SimdModule<GruSimpleKernels> = { hex: GRU_SIMPLE_WASM_HEX, instances: new WeakMap() };

/** The LSTM step module on `backend`'s memory, or null. */
export function lstmKernels(backend: BackendWasm): LstmKernels | null {
  return instantiate(backend, lstm);
}

/** The GRU and SimpleRNN step module on `backend`'s memory, or null. */
export function gruSimpleKernels(backend: BackendWasm): GruSimpleKernels | null {
  return instantiate(backend, gruSimple);
}
