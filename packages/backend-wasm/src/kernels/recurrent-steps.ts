/**
 * Helpers shared by the fused recurrent kernels' two time loops (JS step math
 * in recurrent-sequence.ts, SIMD in recurrent-wasm.ts): where LSTM's cell
 * states are, and masks (contract in @dl/tensor's `runFusedRecurrent`): the
 * rows a `(time, batch)` mask skips at each step, and the fix-ups around a
 * step computed for every row. Forward, a skipped
 * row keeps its states (h, and LSTM's c in the cache) and outputs the
 * previous output (zeros before the first kept step) or zeros. Backward, its
 * states' gradients pass through unchanged (its pre-activations get none),
 * and its output's gradient goes on to the previous output, or nowhere.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, f32, type BackendWasm } from './wasm-ops';

/** Values per row of LSTM's cache (i, f, g, o, c, tanh c) and where c starts, in blocks of `units`. */
export const LSTM_CACHE_BLOCKS = 6;
const CELL_BLOCK = 4;

/** Rows of a tensor: row `b` starts at `at + b·stride` (in floats). */
export interface RowsAt {
  info: TensorInfo;
  at: number;
  stride: number;
}

/** LSTM's cell state before step `k`: `c0`, or the c block of step k − 1 in the time-major cache. */
export function cellBefore(k: number, c0: TensorInfo, cache: TensorInfo, batch: number, units: number): RowsAt {
  const width = LSTM_CACHE_BLOCKS * units;
  return k === 0 ? { info: c0, at: 0, stride: units } : { info: cache, at: (k - 1) * batch * width + CELL_BLOCK * units, stride: width };
}

/** LSTM's final cell state `(batch, units)` (the cache's last c block, or `c0` when there are no steps), a new tensor. */
export function lastCell(backend: BackendWasm, c0: TensorInfo, cache: TensorInfo, time: number, batch: number, units: number): TensorInfo {
  const out = allocate(backend, [batch, units]);
  const from = cellBefore(time, c0, cache, batch, units);
  const src = f32(backend, from.info);
  const dst = f32(backend, out);
  for (let r = 0; r < batch; r++) dst.set(src.subarray(from.at + r * from.stride, from.at + r * from.stride + units), r * units);
  return out;
}

/** The rows of each position a mask skips. */
export class SkippedRows {
  private readonly byStep: number[][];

  constructor(backend: BackendWasm, mask: TensorInfo | undefined, time: number, batch: number) {
    const m = mask === undefined ? null : f32(backend, mask);
    this.byStep = Array.from({ length: time }, (_, t) => {
      const rows: number[] = [];
      if (m !== null) for (let r = 0; r < batch; r++) if (m[t * batch + r] === 0) rows.push(r);
      return rows;
    });
  }

  /** The rows skipped at input position `t`. */
  at(t: number): number[] {
    return this.byStep[t]!;
  }
}

/** Copies rows `rows` (each `width` values) from `src` at `from` to `dst` at `to`. */
export function copyRows(dst: Float32Array, to: number, src: Float32Array, from: number, rows: number[], width: number): void {
  for (const r of rows) dst.set(src.subarray(from + r * width, from + (r + 1) * width), to + r * width);
}

/** Zeros rows `rows` of `dst` at `to`. */
export function zeroRows(dst: Float32Array, to: number, rows: number[], width: number): void {
  for (const r of rows) dst.fill(0, to + r * width, to + (r + 1) * width);
}

/**
 * Forward fix-up of step `k` (processing order) for the skipped `rows`, after
 * the step ran on every row: the new h is the previous one, the output the
 * previous output or zeros, and (with `c0`, LSTM) the cell state in the
 * cache the previous one; then the step's block of `states` is written.
 */
export function maskForward(
  backend: BackendWasm, rows: number[], k: number,
  t: { h: TensorInfo; hNext: TensorInfo; sequence: TensorInfo; states: TensorInfo; c0?: TensorInfo; cache?: TensorInfo },
  zeroOutput: boolean,
): void {
  const hNext = f32(backend, t.hNext);
  const [, batch, units] = t.sequence.shape as [number, number, number];
  const block = batch * units;
  if (rows.length > 0) {
    copyRows(hNext, 0, f32(backend, t.h), 0, rows, units);
    const seq = f32(backend, t.sequence);
    if (zeroOutput || k === 0) zeroRows(seq, k * block, rows, units);
    else copyRows(seq, k * block, seq, (k - 1) * block, rows, units);
    if (t.c0 !== undefined && t.cache !== undefined) {
      const before = cellBefore(k, t.c0, t.cache, batch, units);
      const now = cellBefore(k + 1, t.c0, t.cache, batch, units);
      const src = f32(backend, before.info);
      const cache = f32(backend, t.cache);
      for (const r of rows) cache.set(src.subarray(before.at + r * before.stride, before.at + r * before.stride + units), now.at + r * now.stride);
    }
  }
  f32(backend, t.states).set(hNext, k * block);
}

/**
 * The gradient reaching step `k`'s outputs (`(batch, units)` each), routed:
 * for a kept row, `dSequence`'s row plus what later skipped steps passed back
 * (`carry`) is added to `into` (the gradient reaching its h); for a skipped
 * row it goes on in `carry` to the previous output, or is dropped with
 * `zeroOutput`.
 */
export function routeOutputGradient(
  dSequence: Float32Array | null, k: number, rows: number[], carry: Float32Array, into: Float32Array, units: number, zeroOutput: boolean,
): void {
  const n = carry.length;
  const batch = n / units;
  const skipped = new Uint8Array(batch);
  for (const r of rows) skipped[r] = 1;
  for (let r = 0; r < batch; r++) {
    for (let i = r * units; i < (r + 1) * units; i++) {
      const g = (dSequence === null ? 0 : dSequence[k * n + i]!) + carry[i]!;
      if (skipped[r] === 1) {
        carry[i] = zeroOutput ? 0 : g;
      } else {
        into[i] = into[i]! + g;
        carry[i] = 0;
      }
    }
  }
}
