/**
 * The fused recurrent kernels for wasm: `DlLSTMSequence`, `DlGRUSequence`,
 * `DlSimpleRNNSequence` and their `…Grad` kernels (contracts in @dl/tensor's
 * `runFusedRecurrent`). Composed from ops, one LSTM step is about 20 kernel
 * calls forward and 40 backward, each with the engine's bookkeeping, and
 * tfjs-backend-wasm's Slice copies the whole sequence for every step it
 * takes; here a whole sequence is one kernel call: per step one XNNPACK
 * matmul `h·kernel` (the kernel is packed once, cached on its data id) and
 * the gate math, with units a multiple of 4 in dl's SIMD modules
 * (recurrent-wasm.ts), otherwise in JS over the wasm heap
 * (recurrent-cells.ts). Every step's cache row is time-major, shared by both.
 *
 * The backward kernel walks the steps in reverse: the gradient reaching each
 * output goes through the cell's math to the step's pre-activations, which
 * are both the input projection's gradient and, times kernelᵀ (transposed
 * once), the previous output's. The kernel's gradient is then one large
 * product, (all previous outputs)ᵀ · (all pre-activation gradients), in
 * chunks of rows (tall-product.ts); the bias gradients are sums of the
 * latter.
 */
import { fusedRecurrentKernelNames } from '@dl/tensor';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { gruMath, lstmMath, simpleRNNMath, type CellMath, type StepOps } from './recurrent-cells';
import { backwardWasm, forwardWasm, type LoopGradients } from './recurrent-wasm';
import { SkippedRows, cellBefore, copyRows, lastCell, maskForward, routeOutputGradient, zeroRows } from './recurrent-steps';
import { tallTransposedProduct } from './tall-product';
import { allocate, f32, free, runWasmKernel, viewAs, type BackendWasm } from './wasm-ops';

type Inputs = Record<string, TensorInfo | undefined>;

function matMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo, transposeA = false): TensorInfo {
  return runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA, transposeB: false });
}

/** A new float32 tensor holding `values`. */
function tensorOf(backend: BackendWasm, shape: number[], values: ArrayLike<number>): TensorInfo {
  const out = allocate(backend, shape);
  f32(backend, out).set(values);
  return out;
}

/** A copy of an optional vector input, or zeros. */
function vectorOr0(backend: BackendWasm, t: TensorInfo | undefined, width: number): Float32Array {
  return t === undefined ? new Float32Array(width) : Float32Array.from(f32(backend, t));
}

/** The step helpers over `backend`; what they allocate goes to `temps`, freed by the caller after each step. */
function stepOps(backend: BackendWasm, batch: number, temps: TensorInfo[]): StepOps {
  return {
    view: (t) => f32(backend, t),
    scratch: (columns) => {
      const t = allocate(backend, [batch, columns]);
      temps.push(t);
      return t;
    },
    sigmoid: (t) => {
      const out = runWasmKernel(backend, 'Sigmoid', { x: t });
      temps.push(out);
      return out;
    },
  };
}

/** The attributes of both kernels. */
function options(attrs: unknown): { reverse: boolean; zeroOutput: boolean } {
  const a = (attrs ?? {}) as Record<string, unknown>;
  return { reverse: a['reverse'] === true, zeroOutput: a['zeroOutputForMask'] === true };
}

function forwardKernel(cell: CellMath): KernelFunc {
  return ({ inputs, backend: b, attrs }) => {
    const backend = b as BackendWasm;
    const { x, kernel, bias, recurrentBias, h0, c0, mask } = inputs as Inputs as Inputs & { x: TensorInfo; kernel: TensorInfo; h0: TensorInfo };
    const [time, batch, width] = x.shape as [number, number, number];
    const units = kernel.shape[0]!;
    const { reverse, zeroOutput } = options(attrs);
    const skipped = mask === undefined ? null : new SkippedRows(backend, mask, time, batch);
    if (units % 4 === 0) {
      const given = { x, kernel, h0, ...(c0 === undefined ? {} : { c0 }), ...(bias === undefined ? {} : { bias }), ...(recurrentBias === undefined ? {} : { recurrentBias }) };
      const outs = forwardWasm(backend, cell.name, given, { reverse, zeroOutput, skipped });
      if (outs !== null) return outs;
    }
    const cacheWidth = cell.cacheWidth * units;
    const biasValues = vectorOr0(backend, bias, width);
    const recurrentBiasValues = vectorOr0(backend, recurrentBias, width);
    const sequence = allocate(backend, [time, batch, units]);
    const cache = allocate(backend, [time, batch, cacheWidth]);
    const states = skipped === null ? null : allocate(backend, [time, batch, units]);
    const temps: TensorInfo[] = [];
    const ops = stepOps(backend, batch, temps);
    let h = h0;
    for (let k = 0; k < time; k++) {
      const t = reverse ? time - 1 - k : k;
      const product = matMul(backend, h, kernel);
      const hNext = allocate(backend, [batch, units]);
      cell.forward({
        batch, units,
        x: { info: x, at: t * batch * width, stride: width },
        bias: biasValues, recurrentBias: recurrentBiasValues,
        product, h, hNext,
        cPrev: cell.hasCell ? cellBefore(k, c0!, cache, batch, units) : { info: h0, at: 0, stride: 0 },
        sequence: { info: sequence, at: k * batch * units, stride: units },
        cache: { info: cache, at: k * batch * cacheWidth, stride: cacheWidth },
      }, ops);
      free(backend, product, ...temps.splice(0));
      if (states !== null) {
        maskForward(backend, skipped!.at(t), k, { h, hNext, sequence, states, ...(cell.hasCell ? { c0: c0!, cache } : {}) }, zeroOutput);
      }
      if (h !== h0) free(backend, h);
      h = hNext;
    }
    const last = h === h0 ? tensorOf(backend, [batch, units], f32(backend, h0)) : h;
    const finals = cell.hasCell ? [last, lastCell(backend, c0!, cache, time, batch, units)] : [last];
    if (cacheWidth === 0) free(backend, cache);
    return [sequence, ...finals, ...(cacheWidth === 0 ? [] : [cache]), ...(states === null ? [] : [states])];
  };
}

/** The saved tensors of a forward call: the cache (when the cell keeps one) and the states sequence (the outputs' when unmasked). */
function savedOf(cell: CellMath, inputs: Inputs): { cache: TensorInfo | undefined; states: TensorInfo } {
  const saved = [inputs['saved0'], inputs['saved1']];
  const cache = cell.cacheWidth === 0 ? undefined : saved.shift();
  return { cache, states: inputs['mask'] === undefined ? inputs['sequence']! : saved.shift()! };
}

/** The backward time loop with the JS step math. */
function backwardLoopJS(
  cell: CellMath, backend: BackendWasm, inputs: Inputs, kernelT: TensorInfo,
  o: { reverse: boolean; zeroOutput: boolean; skipped: SkippedRows | null },
): LoopGradients {
  const { dSequence, dh: dhIn, dc: dcIn, h0, c0 } = inputs as Inputs & { h0: TensorInfo };
  const { cache: cacheInfo, states } = savedOf(cell, inputs);
  const [time, batch, units] = states.shape as [number, number, number];
  const width = cell.gates * units;
  const cacheWidth = cell.cacheWidth * units;
  const dx = allocate(backend, [time, batch, width]);
  const dRecurrent = cell.splitGradient ? allocate(backend, [time, batch, width]) : dx;
  const dh = vectorOr0(backend, dhIn, batch * units);
  const dc = cell.hasCell ? vectorOr0(backend, dcIn, batch * units) : new Float32Array(0);
  const carry = new Float32Array(batch * units);
  const held = new Float32Array(batch * units);
  const heldCell = new Float32Array(cell.hasCell ? batch * units : 0);
  const dBias = new Float64Array(width);
  const dRecurrentBias = new Float64Array(width);
  const empty: [Float32Array, number, number] = [new Float32Array(0), 0, 0];
  for (let k = time - 1; k >= 0; k--) {
    const t = o.reverse ? time - 1 - k : k;
    const rows = o.skipped === null ? [] : o.skipped.at(t);
    const dProductInfo = allocate(backend, [batch, width]);
    const ds = dSequence === undefined ? null : f32(backend, dSequence);
    if (o.skipped !== null) {
      routeOutputGradient(ds, k, rows, carry, dh, units, o.zeroOutput);
    } else if (ds !== null) {
      const from = k * batch * units;
      for (let i = 0; i < batch * units; i++) dh[i] = dh[i]! + ds[from + i]!;
    }
    // Skipped rows' state gradients pass through the step unchanged; the step math sees zeros there.
    copyRows(held, 0, dh, 0, rows, units);
    zeroRows(dh, 0, rows, units);
    if (cell.hasCell) {
      copyRows(heldCell, 0, dc, 0, rows, units);
      zeroRows(dc, 0, rows, units);
    }
    const seq = f32(backend, states);
    const cache = cacheInfo === undefined ? new Float32Array(0) : f32(backend, cacheInfo);
    const cPrev = cell.hasCell ? cellBefore(k, c0!, cacheInfo!, batch, units) : null;
    const dxv = f32(backend, dx);
    const dProduct = f32(backend, dProductInfo);
    cell.backward({
      batch, units, dh, dc,
      hPrev: k === 0 ? [f32(backend, h0), 0, units] : [seq, (k - 1) * batch * units, units],
      h: [seq, k * batch * units, units],
      cPrev: cPrev === null ? empty : [f32(backend, cPrev.info), cPrev.at, cPrev.stride],
      cache: [cache, k * batch * cacheWidth, cacheWidth],
      dx: [dxv, t * batch * width, width],
      dProduct,
    });
    const dr = cell.splitGradient ? f32(backend, dRecurrent) : null;
    for (let r = 0; r < batch; r++) {
      const row = (t * batch + r) * width;
      for (let j = 0; j < width; j++) dBias[j] = dBias[j]! + dxv[row + j]!;
      if (dr !== null) {
        for (let j = 0; j < width; j++) {
          const v = dProduct[r * width + j]!;
          dr[row + j] = v;
          dRecurrentBias[j] = dRecurrentBias[j]! + v;
        }
      }
    }
    const back = matMul(backend, dProductInfo, kernelT);
    const bv = f32(backend, back);
    for (let i = 0; i < dh.length; i++) dh[i] = dh[i]! + bv[i]!;
    free(backend, dProductInfo, back);
    copyRows(dh, 0, held, 0, rows, units);
    if (cell.hasCell) copyRows(dc, 0, heldCell, 0, rows, units);
  }
  return {
    dx, dRecurrent, dBias, dRecurrentBias,
    dh0: tensorOf(backend, [batch, units], dh),
    dc0: cell.hasCell ? tensorOf(backend, [batch, units], dc) : null,
  };
}

function backwardKernel(cell: CellMath): KernelFunc {
  return ({ inputs: given, backend: b, attrs }) => {
    const backend = b as BackendWasm;
    const inputs = given as Inputs;
    const { kernel, h0, mask } = inputs as Inputs & { kernel: TensorInfo; h0: TensorInfo };
    const { cache, states } = savedOf(cell, inputs);
    const [time, batch, units] = states.shape as [number, number, number];
    const width = kernel.shape[1]!;
    const { reverse, zeroOutput } = options(attrs);
    const skipped = mask === undefined ? null : new SkippedRows(backend, mask, time, batch);
    const kernelT = runWasmKernel(backend, 'Transpose', { x: kernel }, { perm: [1, 0] });
    const run = { reverse, zeroOutput, skipped };
    const simd = units % 4 === 0
      ? backwardWasm(backend, cell.name, { ...inputs, kernelT, h0, states, ...(cache === undefined ? {} : { cache }) }, run)
      : null;
    const grads = simd ?? backwardLoopJS(cell, backend, inputs, kernelT, run);
    // Rows (t, ·): the states before the step that read position t.
    const hPrev = allocate(backend, [time * batch, units]);
    const hp = f32(backend, hPrev);
    const seq = f32(backend, states);
    const block = batch * units;
    for (let t = 0; t < time; t++) {
      const k = reverse ? time - 1 - t : t;
      hp.set(k === 0 ? f32(backend, h0) : seq.subarray((k - 1) * block, k * block), t * block);
    }
    const rowsOfGradient = viewAs(grads.dRecurrent, [time * batch, width]);
    const dKernel = time === 0
      ? tensorOf(backend, [units, width], new Float32Array(units * width))
      : tallTransposedProduct(backend, hPrev, rowsOfGradient) ?? matMul(backend, hPrev, rowsOfGradient, true);
    free(backend, hPrev, kernelT);
    if (grads.dRecurrent !== grads.dx) free(backend, grads.dRecurrent);
    const outs = [grads.dx, dKernel, tensorOf(backend, [width], grads.dBias)];
    if (cell.splitGradient) outs.push(tensorOf(backend, [width], grads.dRecurrentBias));
    outs.push(grads.dh0);
    if (grads.dc0 !== null) outs.push(grads.dc0);
    return outs;
  };
}

function configs(name: string, cell: CellMath): [KernelConfig, KernelConfig] {
  return [
    { kernelName: name, backendName: 'wasm', kernelFunc: forwardKernel(cell) },
    { kernelName: `${name}Grad`, backendName: 'wasm', kernelFunc: backwardKernel(cell) },
  ];
}

/** The kernel configs registered for 'wasm' by {@link installTrainingKernels}: forward, then gradient. */
export const [lstmSequenceConfig, lstmSequenceGradConfig] = configs(fusedRecurrentKernelNames.lstm, lstmMath);
export const [gruSequenceConfig, gruSequenceGradConfig] = configs(fusedRecurrentKernelNames.gru, gruMath);
export const [simpleRNNSequenceConfig, simpleRNNSequenceGradConfig] = configs(fusedRecurrentKernelNames.simpleRNN, simpleRNNMath);
