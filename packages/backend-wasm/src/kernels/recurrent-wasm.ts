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

/** `DlLSTMSequence` with the module's step: outputs `[sequence, h, c, cache]` (cache `(time, batch, 6·units)` in processing order: i, f, g, o, c, tanh c). */
export function lstmForwardWasm(
  backend: BackendWasm, m: RecurrentKernels,
  inputs: { x: TensorInfo; kernel: TensorInfo; bias?: TensorInfo; h0: TensorInfo; c0: TensorInfo }, reverse: boolean,
): TensorInfo[] {
  const { x, kernel, h0, c0 } = inputs;
  const [time, batch, width] = x.shape as [number, number, number];
  const units = width / 4;
  const cacheWidth = 6 * units;
  const bias = inputs.bias ?? zeros(backend, [width]);
  const sequence = allocate(backend, [time, batch, units]);
  const cache = allocate(backend, [time, batch, cacheWidth]);
  let h = h0;
  for (let k = 0; k < time; k++) {
    const t = reverse ? time - 1 - k : k;
    const product = matMul(backend, h, kernel);
    const hNext = allocate(backend, [batch, units]);
    const cPrev = k === 0 ? pointer(backend, c0) : pointer(backend, cache) + 4 * ((k - 1) * batch * cacheWidth + 4 * units);
    m.lstmForward(
      batch, units, pointer(backend, x) + 4 * t * batch * width, 4 * width, pointer(backend, bias), pointer(backend, product),
      cPrev, k === 0 ? 4 * units : 4 * cacheWidth, pointer(backend, hNext),
      pointer(backend, sequence) + 4 * k * batch * units, 4 * units, pointer(backend, cache) + 4 * k * batch * cacheWidth, 4 * cacheWidth,
    );
    free(backend, product);
    if (h !== h0) free(backend, h);
    h = hNext;
  }
  if (bias !== inputs.bias) free(backend, bias);
  const last = h === h0 ? copy(backend, h0) : h;
  const c = time === 0 ? copy(backend, c0) : allocate(backend, [batch, units]);
  if (time > 0) {
    const cv = f32(backend, c);
    const kv = f32(backend, cache);
    for (let r = 0; r < batch; r++) {
      const from = ((time - 1) * batch + r) * cacheWidth + 4 * units;
      cv.set(kv.subarray(from, from + units), r * units);
    }
  }
  return [sequence, last, c, cache];
}

/**
 * `DlLSTMSequenceGrad`'s time loop with the module's step: returns the
 * gradients of x `(time, batch, 4·units)` and of the initial states, the
 * bias gradient (summed per step in float32, across steps in float64), and
 * the gradient rows `dx` for the caller's kernel gradient.
 */
export function lstmBackwardWasm(
  backend: BackendWasm, m: RecurrentKernels,
  inputs: { dSequence?: TensorInfo; dh?: TensorInfo; dc?: TensorInfo; kernelT: TensorInfo; c0: TensorInfo; cache: TensorInfo },
  shape: { batch: number; time: number; units: number }, reverse: boolean,
): { dx: TensorInfo; dBias: Float64Array; dh0: TensorInfo; dc0: TensorInfo } {
  const { batch, time, units } = shape;
  const width = 4 * units;
  const cacheWidth = 6 * units;
  const dx = allocate(backend, [time, batch, width]);
  const dp = allocate(backend, [batch, width]);
  const dBiasStep = allocate(backend, [width]);
  const noSequence = inputs.dSequence === undefined ? zeros(backend, [units]) : null;
  let dh = inputs.dh === undefined ? zeros(backend, [batch, units]) : copy(backend, inputs.dh);
  let dc = inputs.dc === undefined ? zeros(backend, [batch, units]) : copy(backend, inputs.dc);
  let dcNext = allocate(backend, [batch, units]);
  const dBias = new Float64Array(width);
  for (let k = time - 1; k >= 0; k--) {
    const t = reverse ? time - 1 - k : k;
    f32(backend, dBiasStep).fill(0);
    const cPrev = k === 0 ? pointer(backend, inputs.c0) : pointer(backend, inputs.cache) + 4 * ((k - 1) * batch * cacheWidth + 4 * units);
    m.lstmBackward(
      batch, units, pointer(backend, dh),
      noSequence === null ? pointer(backend, inputs.dSequence!) + 4 * k * batch * units : pointer(backend, noSequence),
      noSequence === null ? 4 * units : 0,
      pointer(backend, dc), pointer(backend, dcNext), cPrev, k === 0 ? 4 * units : 4 * cacheWidth,
      pointer(backend, inputs.cache) + 4 * k * batch * cacheWidth, 4 * cacheWidth,
      pointer(backend, dx) + 4 * t * batch * width, 4 * width, pointer(backend, dp), pointer(backend, dBiasStep),
    );
    const step = f32(backend, dBiasStep);
    for (let j = 0; j < width; j++) dBias[j] = dBias[j]! + step[j]!;
    [dc, dcNext] = [dcNext, dc];
    const back = matMul(backend, dp, inputs.kernelT);
    free(backend, dh);
    dh = back;
  }
  free(backend, dp, dBiasStep, dcNext);
  if (noSequence !== null) free(backend, noSequence);
  return { dx, dBias, dh0: dh, dc0: dc };
}
