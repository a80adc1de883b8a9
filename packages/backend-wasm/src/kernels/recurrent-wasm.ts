/**
 * The LSTM sequence kernels' time loops with the step math in WebAssembly
 * SIMD (simd/recurrent.ts), over tfjs-backend-wasm's own memory: about 10
 * ns per unit and step forward and 5 backward, where the JS math (typed
 * arrays over the wasm heap run at 3-6 ns per value) takes several times
 * that. Used when the module runs on the backend and the units are a
 * multiple of 4 (it works on 4 floats at a time); otherwise
 * recurrent-sequence.ts runs the JS math of recurrent-cells.ts.
 *
 * Same formulas as the JS math, except that the gates' exp is the module's
 * (Cephes' expf, about 1 ulp) and tanh is 1 − 2/(1 + e^2x) (its Taylor
 * series below |x| = 0.1).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { RecurrentKernels } from '../simd/recurrent';
import { byteOffset as pointer } from '../simd/simd';
import {
  LSTM_CACHE_BLOCKS, cellBefore, copyRows, lastCell, maskForward, routeOutputGradient, zeroRows, type SkippedRows,
} from './recurrent-steps';
import { allocate, f32, free, runWasmKernel, type BackendWasm } from './wasm-ops';

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
interface Run {
  reverse: boolean;
  zeroOutput: boolean;
  skipped: SkippedRows | null;
}

/**
 * `DlLSTMSequence` with the module's step: outputs `[sequence, h, c, cache]`
 * (cache `(time, batch, 6·units)` in processing order: i, f, g, o, c,
 * tanh c), then with a mask the states sequence.
 */
export function lstmForwardWasm(
  backend: BackendWasm, m: RecurrentKernels,
  inputs: { x: TensorInfo; kernel: TensorInfo; bias?: TensorInfo; h0: TensorInfo; c0: TensorInfo }, run: Run,
): TensorInfo[] {
  const { x, kernel, h0, c0 } = inputs;
  const [time, batch, width] = x.shape as [number, number, number];
  const units = width / 4;
  const cacheWidth = LSTM_CACHE_BLOCKS * units;
  const bias = inputs.bias ?? zeros(backend, [width]);
  const sequence = allocate(backend, [time, batch, units]);
  const cache = allocate(backend, [time, batch, cacheWidth]);
  const states = run.skipped === null ? null : allocate(backend, [time, batch, units]);
  let h = h0;
  for (let k = 0; k < time; k++) {
    const t = run.reverse ? time - 1 - k : k;
    const product = matMul(backend, h, kernel);
    const hNext = allocate(backend, [batch, units]);
    const cPrev = cellBefore(k, c0, cache, batch, units);
    m.lstmForward(
      batch, units, pointer(backend, x) + 4 * t * batch * width, 4 * width, pointer(backend, bias), pointer(backend, product),
      pointer(backend, cPrev.info) + 4 * cPrev.at, 4 * cPrev.stride, pointer(backend, hNext),
      pointer(backend, sequence) + 4 * k * batch * units, 4 * units, pointer(backend, cache) + 4 * k * batch * cacheWidth, 4 * cacheWidth,
    );
    free(backend, product);
    if (states !== null) maskForward(backend, run.skipped!.at(t), k, { h, hNext, sequence, states, c0, cache }, run.zeroOutput);
    if (h !== h0) free(backend, h);
    h = hNext;
  }
  if (bias !== inputs.bias) free(backend, bias);
  const last = h === h0 ? copy(backend, h0) : h;
  return [sequence, last, lastCell(backend, c0, cache, time, batch, units), cache, ...(states === null ? [] : [states])];
}

/**
 * `DlLSTMSequenceGrad`'s time loop with the module's step: returns the
 * gradients of x `(time, batch, 4·units)` and of the initial states, and the
 * bias gradient (summed per step in float32, across steps in float64).
 */
export function lstmBackwardWasm(
  backend: BackendWasm, m: RecurrentKernels,
  inputs: { dSequence?: TensorInfo; dh?: TensorInfo; dc?: TensorInfo; kernelT: TensorInfo; c0: TensorInfo; cache: TensorInfo },
  shape: { batch: number; time: number; units: number }, run: Run,
): { dx: TensorInfo; dBias: Float64Array; dh0: TensorInfo; dc0: TensorInfo } {
  const { batch, time, units } = shape;
  const width = 4 * units;
  const cacheWidth = LSTM_CACHE_BLOCKS * units;
  const dx = allocate(backend, [time, batch, width]);
  const dp = allocate(backend, [batch, width]);
  const dBiasStep = allocate(backend, [width]);
  // The output gradient a step adds to dh: dSequence's rows, or (masked) those routed per row, or none.
  const dOut = run.skipped !== null || inputs.dSequence === undefined ? zeros(backend, [batch, units]) : null;
  const carry = new Float32Array(batch * units);
  const held = new Float32Array(batch * units);
  const heldCell = new Float32Array(batch * units);
  let dh = inputs.dh === undefined ? zeros(backend, [batch, units]) : copy(backend, inputs.dh);
  let dc = inputs.dc === undefined ? zeros(backend, [batch, units]) : copy(backend, inputs.dc);
  let dcNext = allocate(backend, [batch, units]);
  const dBias = new Float64Array(width);
  for (let k = time - 1; k >= 0; k--) {
    const t = run.reverse ? time - 1 - k : k;
    const rows = run.skipped === null ? [] : run.skipped.at(t);
    f32(backend, dBiasStep).fill(0);
    if (run.skipped !== null) {
      const out = f32(backend, dOut!);
      out.fill(0);
      routeOutputGradient(inputs.dSequence === undefined ? null : f32(backend, inputs.dSequence), k, rows, carry, out, units, run.zeroOutput);
    }
    // Skipped rows' state gradients pass through the step unchanged; the step math sees zeros there.
    if (rows.length > 0) {
      const [dhv, dcv] = [f32(backend, dh), f32(backend, dc)];
      copyRows(held, 0, dhv, 0, rows, units);
      zeroRows(dhv, 0, rows, units);
      copyRows(heldCell, 0, dcv, 0, rows, units);
      zeroRows(dcv, 0, rows, units);
    }
    const cPrev = cellBefore(k, inputs.c0, inputs.cache, batch, units);
    m.lstmBackward(
      batch, units, pointer(backend, dh),
      dOut === null ? pointer(backend, inputs.dSequence!) + 4 * k * batch * units : pointer(backend, dOut),
      4 * units,
      pointer(backend, dc), pointer(backend, dcNext), pointer(backend, cPrev.info) + 4 * cPrev.at, 4 * cPrev.stride,
      pointer(backend, inputs.cache) + 4 * k * batch * cacheWidth, 4 * cacheWidth,
      pointer(backend, dx) + 4 * t * batch * width, 4 * width, pointer(backend, dp), pointer(backend, dBiasStep),
    );
    const step = f32(backend, dBiasStep);
    for (let j = 0; j < width; j++) dBias[j] = dBias[j]! + step[j]!;
    [dc, dcNext] = [dcNext, dc];
    const back = matMul(backend, dp, inputs.kernelT);
    free(backend, dh);
    dh = back;
    if (rows.length > 0) {
      copyRows(f32(backend, dh), 0, held, 0, rows, units);
      copyRows(f32(backend, dc), 0, heldCell, 0, rows, units);
    }
  }
  free(backend, dp, dBiasStep, dcNext);
  if (dOut !== null) free(backend, dOut);
  return { dx, dBias, dh0: dh, dc0: dc };
}
