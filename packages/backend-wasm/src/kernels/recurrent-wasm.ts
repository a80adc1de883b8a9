/**
 * The fused recurrent kernels' time loops with the step math in WebAssembly
 * SIMD (simd/recurrent.ts), over tfjs-backend-wasm's own memory: about 10 ns
 * per unit and step forward and 5 backward for LSTM, where the JS math
 * (typed arrays over the wasm heap run at 3-6 ns per value) takes several
 * times that. Used when the module runs on the backend and the units are a
 * multiple of 4 (it works on 4 floats at a time); otherwise
 * recurrent-sequence.ts runs the JS math of recurrent-cells.ts, with the same
 * cache layout.
 *
 * Same formulas as the JS math, except that the gates' exp is the module's
 * (Cephes' expf, about 1 ulp) and tanh is 1 − 2/(1 + e^2x) (its Taylor
 * series below |x| = 0.1).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { gruSimpleKernels, lstmKernels, type GruSimpleKernels, type LstmKernels } from '../simd/recurrent';
import { byteOffset as pointer, simdKernels } from '../simd/simd';
import {
  LSTM_CACHE_BLOCKS, cellBefore, copyRows, lastCell, maskForward, routeOutputGradient, zeroRows, type SkippedRows,
} from './recurrent-steps';
import { allocate, f32, free, runWasmKernel, type BackendWasm } from './wasm-ops';

/** A cell with SIMD step math. */
export type SimdCell = 'lstm' | 'gru' | 'simpleRNN';

const GATES: Record<SimdCell, number> = { lstm: 4, gru: 3, simpleRNN: 1 };
const CACHE_BLOCKS: Record<SimdCell, number> = { lstm: LSTM_CACHE_BLOCKS, gru: 4, simpleRNN: 0 };

/** The cell's module on `backend`, or null where it cannot run. */
function modulesFor(backend: BackendWasm, cell: SimdCell): { lstm: LstmKernels | null; gru: GruSimpleKernels | null } | null {
  const lstm = cell === 'lstm' ? lstmKernels(backend) : null;
  const gru = cell === 'lstm' ? null : gruSimpleKernels(backend);
  return lstm === null && gru === null ? null : { lstm, gru };
}

function zeros(backend: BackendWasm, shape: number[]): TensorInfo {
  const t = allocate(backend, shape);
  f32(backend, t).fill(0);
  return t;
}

function copy(backend: BackendWasm, from: TensorInfo): TensorInfo {
  const t = allocate(backend, from.shape);
  f32(backend, t).set(f32(backend, from));
  return t;
}

function matMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
}

/** How a sequence runs: the steps' order, and a mask's skipped rows (null without a mask). */
export interface Run {
  reverse: boolean;
  zeroOutput: boolean;
  skipped: SkippedRows | null;
}

/**
 * A fused recurrent kernel's forward pass with the SIMD step, or null when
 * the module cannot run. Outputs `[sequence, h, (c), (cache), (states)]`:
 * the cache `(time, batch, blocks·units)` in processing order (LSTM: i, f,
 * g, o, c, tanh c; GRU: z, r, ĥ, the product's h block), the states sequence
 * with a mask.
 */
export function forwardWasm(
  backend: BackendWasm, cell: SimdCell,
  inputs: { x: TensorInfo; kernel: TensorInfo; bias?: TensorInfo; recurrentBias?: TensorInfo; h0: TensorInfo; c0?: TensorInfo }, run: Run,
): TensorInfo[] | null {
  const m = modulesFor(backend, cell);
  if (m === null) return null;
  const { x, kernel, h0 } = inputs;
  const [time, batch, width] = x.shape as [number, number, number];
  const units = width / GATES[cell];
  const cacheWidth = CACHE_BLOCKS[cell] * units;
  const bias = inputs.bias ?? zeros(backend, [width]);
  const recurrentBias = cell === 'gru' ? inputs.recurrentBias ?? zeros(backend, [width]) : null;
  const sequence = allocate(backend, [time, batch, units]);
  const cache = cacheWidth === 0 ? null : allocate(backend, [time, batch, cacheWidth]);
  const states = run.skipped === null ? null : allocate(backend, [time, batch, units]);
  let h = h0;
  for (let k = 0; k < time; k++) {
    const t = run.reverse ? time - 1 - k : k;
    const product = matMul(backend, h, kernel);
    const hNext = allocate(backend, [batch, units]);
    const xAt = pointer(backend, x) + 4 * t * batch * width;
    const seqAt = pointer(backend, sequence) + 4 * k * batch * units;
    const cacheAt = cache === null ? 0 : pointer(backend, cache) + 4 * k * batch * cacheWidth;
    if (m.lstm !== null) {
      const cPrev = cellBefore(k, inputs.c0!, cache!, batch, units);
      m.lstm.lstmForward(batch, units, xAt, 4 * width, pointer(backend, bias), pointer(backend, product),
        pointer(backend, cPrev.info) + 4 * cPrev.at, 4 * cPrev.stride, pointer(backend, hNext), seqAt, 4 * units, cacheAt, 4 * cacheWidth);
    } else if (cell === 'gru') {
      m.gru!.gruForward(batch, units, xAt, 4 * width, pointer(backend, bias), pointer(backend, recurrentBias!), pointer(backend, product),
        pointer(backend, h), pointer(backend, hNext), seqAt, 4 * units, cacheAt, 4 * cacheWidth);
    } else {
      m.gru!.simpleForward(batch, units, xAt, 4 * width, pointer(backend, bias), pointer(backend, product), pointer(backend, hNext), seqAt, 4 * units);
    }
    free(backend, product);
    if (states !== null) {
      maskForward(backend, run.skipped!.at(t), k, { h, hNext, sequence, states, ...(cell === 'lstm' ? { c0: inputs.c0!, cache: cache! } : {}) }, run.zeroOutput);
    }
    if (h !== h0) free(backend, h);
    h = hNext;
  }
  if (bias !== inputs.bias) free(backend, bias);
  if (recurrentBias !== null && recurrentBias !== inputs.recurrentBias) free(backend, recurrentBias);
  const last = h === h0 ? copy(backend, h0) : h;
  const finals = cell === 'lstm' ? [last, lastCell(backend, inputs.c0!, cache!, time, batch, units)] : [last];
  return [sequence, ...finals, ...(cache === null ? [] : [cache]), ...(states === null ? [] : [states])];
}

/** What a backward time loop returns: the gradients of x, of the recurrent product (GRU's differs; else x's), of the biases and of the initial states. */
export interface LoopGradients {
  dx: TensorInfo;
  dRecurrent: TensorInfo;
  dBias: Float64Array;
  dRecurrentBias: Float64Array;
  dh0: TensorInfo;
  dc0: TensorInfo | null;
}

/** Adds `step` (float32) to `sum` (float64). */
function accumulate(sum: Float64Array, step: Float32Array): void {
  for (let j = 0; j < sum.length; j++) sum[j] = sum[j]! + step[j]!;
}

/**
 * A fused recurrent kernel's backward time loop with the SIMD step, or null
 * when the module cannot run: the gradients of x `(time, batch,
 * gates·units)`, of the recurrent product, of the initial states, and the
 * bias gradients (summed per step in float32, across steps in float64).
 */
export function backwardWasm(
  backend: BackendWasm, cell: SimdCell,
  inputs: { dSequence?: TensorInfo; dh?: TensorInfo; dc?: TensorInfo; kernelT: TensorInfo; h0: TensorInfo; c0?: TensorInfo; cache?: TensorInfo; states: TensorInfo },
  run: Run,
): LoopGradients | null {
  const m = modulesFor(backend, cell);
  if (m === null) return null;
  const [time, batch, units] = inputs.states.shape as [number, number, number];
  const width = GATES[cell] * units;
  const cacheWidth = CACHE_BLOCKS[cell] * units;
  const dx = allocate(backend, [time, batch, width]);
  const dRecurrent = cell === 'gru' ? allocate(backend, [time, batch, width]) : dx;
  const dp = allocate(backend, [batch, width]);
  const dBiasStep = allocate(backend, [width]);
  const dRecurrentStep = allocate(backend, [width]);
  const dhDirect = cell === 'gru' ? allocate(backend, [batch, units]) : null;
  // The output gradient a step adds to dh: dSequence's rows, or (masked) those routed per row, or none.
  const dOut = run.skipped !== null || inputs.dSequence === undefined ? zeros(backend, [batch, units]) : null;
  const carry = new Float32Array(batch * units);
  const held = new Float32Array(batch * units);
  const heldCell = new Float32Array(batch * units);
  let dh = inputs.dh === undefined ? zeros(backend, [batch, units]) : copy(backend, inputs.dh);
  let dc = cell !== 'lstm' ? null : inputs.dc === undefined ? zeros(backend, [batch, units]) : copy(backend, inputs.dc);
  let dcNext = cell === 'lstm' ? allocate(backend, [batch, units]) : null;
  const dBias = new Float64Array(width);
  const dRecurrentBias = new Float64Array(width);
  for (let k = time - 1; k >= 0; k--) {
    const t = run.reverse ? time - 1 - k : k;
    const rows = run.skipped === null ? [] : run.skipped.at(t);
    f32(backend, dBiasStep).fill(0);
    f32(backend, dRecurrentStep).fill(0);
    if (run.skipped !== null) {
      const out = f32(backend, dOut!);
      out.fill(0);
      routeOutputGradient(inputs.dSequence === undefined ? null : f32(backend, inputs.dSequence), k, rows, carry, out, units, run.zeroOutput);
    }
    // Skipped rows' state gradients pass through the step unchanged; the step math sees zeros there.
    if (rows.length > 0) {
      const dhv = f32(backend, dh);
      copyRows(held, 0, dhv, 0, rows, units);
      zeroRows(dhv, 0, rows, units);
      if (dc !== null) {
        const dcv = f32(backend, dc);
        copyRows(heldCell, 0, dcv, 0, rows, units);
        zeroRows(dcv, 0, rows, units);
      }
    }
    const dSeqAt = dOut === null ? pointer(backend, inputs.dSequence!) + 4 * k * batch * units : pointer(backend, dOut);
    const dxAt = pointer(backend, dx) + 4 * t * batch * width;
    const cacheAt = cacheWidth === 0 ? 0 : pointer(backend, inputs.cache!) + 4 * k * batch * cacheWidth;
    const statesAt = (step: number) => (step < 0 ? pointer(backend, inputs.h0) : pointer(backend, inputs.states) + 4 * step * batch * units);
    if (m.lstm !== null) {
      const cPrev = cellBefore(k, inputs.c0!, inputs.cache!, batch, units);
      m.lstm.lstmBackward(batch, units, pointer(backend, dh), dSeqAt, 4 * units, pointer(backend, dc!), pointer(backend, dcNext!),
        pointer(backend, cPrev.info) + 4 * cPrev.at, 4 * cPrev.stride, cacheAt, 4 * cacheWidth, dxAt, 4 * width, pointer(backend, dp), pointer(backend, dBiasStep));
    } else if (cell === 'gru') {
      m.gru!.gruBackward(batch, units, pointer(backend, dh), dSeqAt, 4 * units, statesAt(k - 1), 4 * units, cacheAt, 4 * cacheWidth,
        dxAt, 4 * width, pointer(backend, dp), pointer(backend, dhDirect!), pointer(backend, dBiasStep), pointer(backend, dRecurrentStep));
      f32(backend, dRecurrent).set(f32(backend, dp), t * batch * width);
      accumulate(dRecurrentBias, f32(backend, dRecurrentStep));
    } else {
      m.gru!.simpleBackward(batch, units, pointer(backend, dh), dSeqAt, 4 * units, statesAt(k), 4 * units, dxAt, 4 * width,
        pointer(backend, dp), pointer(backend, dBiasStep));
    }
    accumulate(dBias, f32(backend, dBiasStep));
    if (dc !== null) [dc, dcNext] = [dcNext!, dc];
    const back = matMul(backend, dp, inputs.kernelT);
    if (dhDirect !== null) addInto(backend, back, dhDirect);
    free(backend, dh);
    dh = back;
    if (rows.length > 0) {
      copyRows(f32(backend, dh), 0, held, 0, rows, units);
      if (dc !== null) copyRows(f32(backend, dc), 0, heldCell, 0, rows, units);
    }
  }
  free(backend, dp, dBiasStep, dRecurrentStep, ...[dcNext, dhDirect, dOut].filter((t): t is TensorInfo => t !== null));
  return { dx, dRecurrent, dBias, dRecurrentBias, dh0: dh, dc0: dc };
}

/** `sum += part`, both `(batch, units)` float32 tensors. */
function addInto(backend: BackendWasm, sum: TensorInfo, part: TensorInfo): void {
  const n = sum.shape.reduce((a, b) => a * b, 1);
  const simd = n % 4 === 0 ? simdKernels(backend) : null;
  if (simd !== null) {
    simd.addInto(pointer(backend, sum), pointer(backend, part), n);
    return;
  }
  const s = f32(backend, sum);
  const p = f32(backend, part);
  for (let i = 0; i < n; i++) s[i] = s[i]! + p[i]!;
}
