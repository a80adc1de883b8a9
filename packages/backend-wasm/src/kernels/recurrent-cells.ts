/**
 * The per-step math of the fused recurrent kernels (contracts in @dl/tensor's
 * `runFusedRecurrent`): one LSTM, GRU (`reset_after`) or SimpleRNN step
 * forward, and its gradient, over every batch row, in JS over the wasm heap.
 * The time loop and the matmuls are in recurrent-sequence.ts.
 *
 * Forward, the gate activations go through tfjs-backend-wasm's vectorized
 * Sigmoid kernel (about 1.4 ns per value, against 4-5 for the best scalar JS
 * and 15 for its scalar Tanh), tanh as `2·σ(2x) − 1` (absolute error below
 * 3e-7, the size of a float32 matmul's rounding). The JS passes around those
 * calls add the projections and combine the gates. Backward, the formulas are
 * tfjs-core's gradients of the layers' ops (σ' = y·(1 − y), tanh' = 1 − y²)
 * on the saved activations, in float64 with one rounding per stored value.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';

/** Rows of a tensor: row `b` of a step starts at `at + b·stride`. */
export interface Rows {
  info: TensorInfo;
  at: number;
  stride: number;
}

/** What a step may run besides JS: views over the heap, scratch tensors and the Sigmoid kernel. */
export interface StepOps {
  /** A float32 view of `t`; a call that allocates (scratch, sigmoid) may grow the heap and void older views. */
  view(t: TensorInfo): Float32Array;
  /** A new `(batch, columns)` tensor, freed after the step. */
  scratch(columns: number): TensorInfo;
  /** The elementwise sigmoid of `t` in a new tensor, freed after the step. */
  sigmoid(t: TensorInfo): TensorInfo;
}

/** What one forward step reads and writes. */
export interface ForwardStep {
  batch: number;
  units: number;
  /** The step's input projection (gates·units per row). */
  x: Rows;
  /** The input bias and the bias added to the recurrent product (zeros when absent), gates·units each. */
  bias: Float32Array;
  recurrentBias: Float32Array;
  /** `h·kernel`, `(batch, gates·units)`, a scratch tensor the step may overwrite. */
  product: TensorInfo;
  /** The previous output, `(batch, units)`. */
  h: TensorInfo;
  /** LSTM's previous cell state (`c0`, or the previous step's cache rows); the new one goes to the cache. */
  cPrev: Rows;
  /** Out: the new output, `(batch, units)`, its row in the output sequence, and what the backward step needs (`cacheWidth`·units per row). */
  hNext: TensorInfo;
  sequence: Rows;
  cache: Rows;
}

/** What one backward step reads and writes (all views current). */
export interface BackwardStep {
  batch: number;
  units: number;
  /** The gradient reaching this step's output; replaced by the part that reaches the previous output directly (not through the kernel). */
  dh: Float32Array;
  /** LSTM: the gradient reaching this step's cell state; replaced by the previous cell state's. */
  dc: Float32Array;
  /** The previous output, this step's output, and (LSTM) the previous cell state, as (data, at, stride). */
  hPrev: [Float32Array, number, number];
  h: [Float32Array, number, number];
  cPrev: [Float32Array, number, number];
  cache: [Float32Array, number, number];
  /** Out: the gradient of the step's input projection rows, and of the recurrent product `(batch, gates·units)`. */
  dx: [Float32Array, number, number];
  dProduct: Float32Array;
}

/** One cell's step math. */
export interface CellMath {
  /** The cell, as the SIMD modules name it. */
  readonly name: 'lstm' | 'gru' | 'simpleRNN';
  /** Column blocks of the projections (4 for LSTM). */
  readonly gates: number;
  /** Blocks of `units` saved per step for the backward pass. */
  readonly cacheWidth: number;
  /** Whether the cell has LSTM's second state. */
  readonly hasCell: boolean;
  /** Whether the recurrent product's gradient differs from the input projection's (GRU). */
  readonly splitGradient: boolean;
  forward(s: ForwardStep, ops: StepOps): void;
  backward(s: BackwardStep): void;
}

/**
 * Writes `scale·(x + bias + extra + product)` for columns [from, to) of every
 * row into `out` (row width `outWidth`, starting at column `outFrom`).
 */
function preActivation(
  s: ForwardStep, ops: StepOps, out: Float32Array, outWidth: number, outFrom: number, from: number, to: number, scale: number,
): void {
  const x = ops.view(s.x.info);
  const p = ops.view(s.product);
  const width = s.x.info.shape[2]!;
  const { bias, recurrentBias: rb } = s;
  for (let b = 0; b < s.batch; b++) {
    const xo = s.x.at + b * s.x.stride;
    const po = b * width;
    const oo = b * outWidth + outFrom - from;
    for (let j = from; j < to; j++) out[oo + j] = scale * (x[xo + j]! + bias[j]! + (p[po + j]! + rb[j]!));
  }
}

/** LSTM, gates i, f, c, o; the cache holds i, f, g, o, c, tanh(c). */
export const lstmMath: CellMath = {
  name: 'lstm',
  gates: 4,
  cacheWidth: 6,
  hasCell: true,
  splitGradient: false,
  forward(s, ops) {
    const { batch, units: u } = s;
    // z in place of the product, its g block doubled: σ(2z) gives tanh(z) = 2σ(2z) − 1.
    const z = ops.view(s.product);
    preActivation(s, ops, z, 4 * u, 0, 0, 2 * u, 1);
    preActivation(s, ops, z, 4 * u, 2 * u, 2 * u, 3 * u, 2);
    preActivation(s, ops, z, 4 * u, 3 * u, 3 * u, 4 * u, 1);
    const gatesInfo = ops.sigmoid(s.product);
    const doubledInfo = ops.scratch(u);
    const gates = ops.view(gatesInfo);
    const doubled = ops.view(doubledInfo);
    const c = ops.view(s.cPrev.info);
    let cache = ops.view(s.cache.info);
    for (let b = 0; b < batch; b++) {
      const go = 4 * u * b;
      const ho = u * b;
      const co = s.cPrev.at + b * s.cPrev.stride;
      const ko = s.cache.at + b * s.cache.stride;
      for (let j = 0; j < u; j++) {
        const i = gates[go + j]!;
        const f = gates[go + u + j]!;
        const g = 2 * gates[go + 2 * u + j]! - 1;
        const cell = f * c[co + j]! + i * g;
        doubled[ho + j] = 2 * cell;
        cache[ko + j] = i;
        cache[ko + u + j] = f;
        cache[ko + 2 * u + j] = g;
        cache[ko + 3 * u + j] = gates[go + 3 * u + j]!;
        cache[ko + 4 * u + j] = cell;
      }
    }
    const tanhInfo = ops.sigmoid(doubledInfo);
    const t = ops.view(tanhInfo);
    const hNext = ops.view(s.hNext);
    const seq = ops.view(s.sequence.info);
    cache = ops.view(s.cache.info);
    for (let b = 0; b < batch; b++) {
      const ho = u * b;
      const so = s.sequence.at + b * s.sequence.stride;
      const ko = s.cache.at + b * s.cache.stride;
      for (let j = 0; j < u; j++) {
        const tc = 2 * t[ho + j]! - 1;
        const h = cache[ko + 3 * u + j]! * tc;
        cache[ko + 5 * u + j] = tc;
        hNext[ho + j] = h;
        seq[so + j] = h;
      }
    }
  },
  backward(s) {
    const { batch, units: u, dh, dc, dProduct: dp } = s;
    const [cache, kAt, kStride] = s.cache;
    const [cp, cAt, cStride] = s.cPrev;
    const [dx, xAt, xStride] = s.dx;
    for (let b = 0; b < batch; b++) {
      const ko = kAt + b * kStride;
      const co = cAt + b * cStride;
      const xo = xAt + b * xStride;
      const po = 4 * u * b;
      const ho = u * b;
      for (let j = 0; j < u; j++) {
        const i = cache[ko + j]!;
        const f = cache[ko + u + j]!;
        const g = cache[ko + 2 * u + j]!;
        const o = cache[ko + 3 * u + j]!;
        const tc = cache[ko + 5 * u + j]!;
        const dhj = dh[ho + j]!;
        const dcj = dc[ho + j]! + dhj * o * (1 - tc * tc);
        const di = dcj * g * (i * (1 - i));
        const df = dcj * cp[co + j]! * (f * (1 - f));
        const dg = dcj * i * (1 - g * g);
        const dO = dhj * tc * (o * (1 - o));
        dx[xo + j] = dp[po + j] = di;
        dx[xo + u + j] = dp[po + u + j] = df;
        dx[xo + 2 * u + j] = dp[po + 2 * u + j] = dg;
        dx[xo + 3 * u + j] = dp[po + 3 * u + j] = dO;
        dc[ho + j] = dcj * f;
        dh[ho + j] = 0;
      }
    }
  },
};

/** GRU with the reset gate after the recurrent product, gates z, r, h; the cache holds z, r, ĥ and the product's h block (with its bias). */
export const gruMath: CellMath = {
  name: 'gru',
  gates: 3,
  cacheWidth: 4,
  hasCell: false,
  splitGradient: true,
  forward(s, ops) {
    const { batch, units: u, bias, recurrentBias: rb } = s;
    const zrInfo = ops.scratch(2 * u);
    preActivation(s, ops, ops.view(zrInfo), 2 * u, 0, 0, 2 * u, 1);
    const gatesInfo = ops.sigmoid(zrInfo);
    const doubledInfo = ops.scratch(u);
    const gates = ops.view(gatesInfo);
    const doubled = ops.view(doubledInfo);
    const x = ops.view(s.x.info);
    const p = ops.view(s.product);
    let cache = ops.view(s.cache.info);
    for (let b = 0; b < batch; b++) {
      const go = 2 * u * b;
      const po = 3 * u * b;
      const xo = s.x.at + b * s.x.stride;
      const ko = s.cache.at + b * s.cache.stride;
      for (let j = 0; j < u; j++) {
        const r = gates[go + u + j]!;
        const ph = p[po + 2 * u + j]! + rb[2 * u + j]!;
        doubled[u * b + j] = 2 * (x[xo + 2 * u + j]! + bias[2 * u + j]! + r * ph);
        cache[ko + j] = gates[go + j]!;
        cache[ko + u + j] = r;
        cache[ko + 3 * u + j] = ph;
      }
    }
    const tanhInfo = ops.sigmoid(doubledInfo);
    const t = ops.view(tanhInfo);
    const h = ops.view(s.h);
    const hNext = ops.view(s.hNext);
    const seq = ops.view(s.sequence.info);
    cache = ops.view(s.cache.info);
    for (let b = 0; b < batch; b++) {
      const ho = u * b;
      const so = s.sequence.at + b * s.sequence.stride;
      const ko = s.cache.at + b * s.cache.stride;
      for (let j = 0; j < u; j++) {
        const z = cache[ko + j]!;
        const candidate = 2 * t[ho + j]! - 1;
        const out = z * h[ho + j]! + (1 - z) * candidate;
        cache[ko + 2 * u + j] = candidate;
        hNext[ho + j] = out;
        seq[so + j] = out;
      }
    }
  },
  backward(s) {
    const { batch, units: u, dh, dProduct: dp } = s;
    const [cache, kAt, kStride] = s.cache;
    const [hp, hAt, hStride] = s.hPrev;
    const [dx, xAt, xStride] = s.dx;
    for (let b = 0; b < batch; b++) {
      const ko = kAt + b * kStride;
      const hpo = hAt + b * hStride;
      const xo = xAt + b * xStride;
      const po = 3 * u * b;
      const ho = u * b;
      for (let j = 0; j < u; j++) {
        const z = cache[ko + j]!;
        const r = cache[ko + u + j]!;
        const candidate = cache[ko + 2 * u + j]!;
        const ph = cache[ko + 3 * u + j]!;
        const dhj = dh[ho + j]!;
        const da = dhj * (1 - z) * (1 - candidate * candidate);
        const dz = dhj * (hp[hpo + j]! - candidate) * (z * (1 - z));
        const dr = da * ph * (r * (1 - r));
        dx[xo + j] = dp[po + j] = dz;
        dx[xo + u + j] = dp[po + u + j] = dr;
        dx[xo + 2 * u + j] = da;
        dp[po + 2 * u + j] = da * r;
        dh[ho + j] = dhj * z;
      }
    }
  },
};

/** SimpleRNN with tanh; nothing cached (tanh' comes from the output). */
export const simpleRNNMath: CellMath = {
  name: 'simpleRNN',
  gates: 1,
  cacheWidth: 0,
  hasCell: false,
  splitGradient: false,
  forward(s, ops) {
    const { batch, units: u } = s;
    preActivation(s, ops, ops.view(s.product), u, 0, 0, u, 2);
    const tanhInfo = ops.sigmoid(s.product);
    const t = ops.view(tanhInfo);
    const hNext = ops.view(s.hNext);
    const seq = ops.view(s.sequence.info);
    for (let b = 0; b < batch; b++) {
      const ho = u * b;
      const so = s.sequence.at + b * s.sequence.stride;
      for (let j = 0; j < u; j++) {
        const out = 2 * t[ho + j]! - 1;
        hNext[ho + j] = out;
        seq[so + j] = out;
      }
    }
  },
  backward(s) {
    const { batch, units: u, dh, dProduct: dp } = s;
    const [y, yAt, yStride] = s.h;
    const [dx, xAt, xStride] = s.dx;
    for (let b = 0; b < batch; b++) {
      const yo = yAt + b * yStride;
      const xo = xAt + b * xStride;
      const ho = u * b;
      for (let j = 0; j < u; j++) {
        const out = y[yo + j]!;
        const da = dh[ho + j]! * (1 - out * out);
        dx[xo + j] = dp[ho + j] = da;
        dh[ho + j] = 0;
      }
    }
  },
};
