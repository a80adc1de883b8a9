/**
 * Fused optimizer updates for wasm: `DlRMSprop` and `DlAdam` (contracts in
 * @dl/tensor's `runFusedKernel`). Composed from ops, one RMSprop update is
 * nine kernel calls through the engine (about 10 µs of bookkeeping each);
 * here it is one: a single SIMD pass (simd/kernels.wat) where wasm SIMD is
 * available, else the paths below. Small variables (under {@link LOOP_MAX} elements) take one
 * pass in JS over the wasm heap, every operation rounded to float32 with
 * `Math.fround` in the order the composed ops apply them (float64 then one
 * rounding is exact for +, −, ×, ÷ and √). Large ones call tfjs-backend-wasm's
 * SIMD elementwise kernels directly, in the same order, which is faster than
 * a scalar JS loop once the division and square root dominate. Either way the
 * results are bit-identical to the composed update on wasm.
 */
import { fusedKernelNames } from '@dl/tensor';
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { byteOffset, simdKernels } from '../simd/simd';
import { allocate, f32, free, runWasmKernel, type BackendWasm } from './wasm-ops';

const fr = Math.fround;

/** Variables with fewer elements than this take the JS loop; larger ones the SIMD kernels. */
export const LOOP_MAX = 16384;

/**
 * Elementwise math on the wasm heap through tfjs-backend-wasm's kernels,
 * without the engine: scalars and intermediates are freed by {@link Ops.done},
 * except the values passed to `keep`.
 */
class Ops {
  private readonly temps: TensorInfo[] = [];
  constructor(private readonly backend: BackendWasm) {}
  private track(t: TensorInfo): TensorInfo {
    this.temps.push(t);
    return t;
  }
  scalar(value: number): TensorInfo {
    const t = this.track(allocate(this.backend, [], 'float32'));
    f32(this.backend, t)[0] = value;
    return t;
  }
  binary(name: 'Add' | 'Sub' | 'Multiply' | 'RealDiv' | 'Maximum', a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.track(runWasmKernel(this.backend, name, { a, b }));
  }
  unary(name: 'Square' | 'Sqrt', x: TensorInfo): TensorInfo {
    return this.track(runWasmKernel(this.backend, name, { x }));
  }
  /** Frees every intermediate except `keep`, which are returned as outputs. */
  done(keep: TensorInfo[]): TensorInfo[] {
    free(this.backend, ...this.temps.filter((t) => !keep.includes(t)));
    return keep;
  }
}

/** Allocates `count` outputs shaped like `like`, then returns them with float32 views (taken after every allocation). */
function outputs(backend: BackendWasm, like: TensorInfo, count: number): TensorInfo[] {
  return Array.from({ length: count }, () => allocate(backend, like.shape, 'float32'));
}

const rmsprop: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const { variable, velocity, gradient, momentum } = inputs as Record<string, TensorInfo | undefined> as {
    variable: TensorInfo; velocity: TensorInfo; gradient: TensorInfo; momentum?: TensorInfo;
  };
  const a = attrs as unknown as { learningRate: number; rho: number; epsilon: number; momentum: number };
  const simd = simdKernels(backend);
  if (simd !== null) {
    const outs = outputs(backend, variable, momentum === undefined ? 2 : 3);
    const at = (t: TensorInfo) => byteOffset(backend, t);
    const n = util.sizeFromShape(variable.shape);
    if (momentum === undefined) {
      simd.rmsprop(at(variable), at(velocity), at(gradient), at(outs[0]!), at(outs[1]!), n, a.rho, 1 - a.rho, a.epsilon, a.learningRate);
    } else {
      simd.rmspropMomentum(at(variable), at(velocity), at(gradient), at(momentum), at(outs[0]!), at(outs[1]!), at(outs[2]!), n,
        a.rho, 1 - a.rho, a.epsilon, a.learningRate, a.momentum);
    }
    return outs;
  }
  if (util.sizeFromShape(variable.shape) >= LOOP_MAX) {
    // add(mul(s, rho), mul(square(g), 1 - rho)); div(mul(g, lr), sqrt(add(s', eps))); then the momentum and the step.
    const o = new Ops(backend);
    const s2 = o.binary('Add', o.binary('Multiply', velocity, o.scalar(a.rho)), o.binary('Multiply', o.unary('Square', gradient), o.scalar(1 - a.rho)));
    const step = o.binary('RealDiv', o.binary('Multiply', gradient, o.scalar(a.learningRate)), o.unary('Sqrt', o.binary('Add', s2, o.scalar(a.epsilon))));
    if (momentum === undefined) return o.done([o.binary('Sub', variable, step), s2]);
    const p2 = o.binary('Add', o.binary('Multiply', momentum, o.scalar(a.momentum)), step);
    return o.done([o.binary('Sub', variable, p2), s2, p2]);
  }
  const outs = outputs(backend, variable, momentum === undefined ? 2 : 3);
  const [w, s, g] = [variable, velocity, gradient].map((t) => f32(backend, t)) as [Float32Array, Float32Array, Float32Array];
  const [w2, s2] = outs.map((t) => f32(backend, t)) as [Float32Array, Float32Array];
  const rho = fr(a.rho);
  const rest = fr(1 - a.rho);
  const eps = fr(a.epsilon);
  const lr = fr(a.learningRate);
  const n = w.length;
  if (momentum === undefined) {
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const si = fr(fr(s[i]! * rho) + fr(fr(gi * gi) * rest));
      s2[i] = si;
      w2[i] = fr(w[i]! - fr(fr(gi * lr) / fr(Math.sqrt(fr(si + eps)))));
    }
  } else {
    const p = f32(backend, momentum);
    const p2 = f32(backend, outs[2]!);
    const mom = fr(a.momentum);
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const si = fr(fr(s[i]! * rho) + fr(fr(gi * gi) * rest));
      s2[i] = si;
      const pi = fr(fr(p[i]! * mom) + fr(fr(gi * lr) / fr(Math.sqrt(fr(si + eps)))));
      p2[i] = pi;
      w2[i] = fr(w[i]! - pi);
    }
  }
  return outs;
};

const adam: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const { variable, m, v, gradient, vHat } = inputs as Record<string, TensorInfo | undefined> as {
    variable: TensorInfo; m: TensorInfo; v: TensorInfo; gradient: TensorInfo; vHat?: TensorInfo;
  };
  const a = attrs as unknown as { alpha: number; beta1: number; beta2: number; epsilon: number };
  const simd = simdKernels(backend);
  if (simd !== null) {
    const outs = outputs(backend, variable, vHat === undefined ? 3 : 4);
    const at = (t: TensorInfo | undefined) => (t === undefined ? 0 : byteOffset(backend, t));
    simd.adam(at(variable), at(m), at(v), at(vHat), at(gradient), at(outs[0]), at(outs[1]), at(outs[2]), at(outs[3]),
      util.sizeFromShape(variable.shape), 1 - a.beta1, 1 - a.beta2, a.alpha, a.epsilon);
    return outs;
  }
  if (util.sizeFromShape(variable.shape) >= LOOP_MAX) {
    // m + (g − m)(1 − β₁); v + (g² − v)(1 − β₂); max(vHat, v'); w − m'·alpha / (√ŝ + ε).
    const o = new Ops(backend);
    const m2 = o.binary('Add', m, o.binary('Multiply', o.binary('Sub', gradient, m), o.scalar(1 - a.beta1)));
    const v2 = o.binary('Add', v, o.binary('Multiply', o.binary('Sub', o.unary('Square', gradient), v), o.scalar(1 - a.beta2)));
    const h2 = vHat === undefined ? null : o.binary('Maximum', vHat, v2);
    const step = o.binary('RealDiv', o.binary('Multiply', m2, o.scalar(a.alpha)), o.binary('Add', o.unary('Sqrt', h2 ?? v2), o.scalar(a.epsilon)));
    return o.done([o.binary('Sub', variable, step), m2, v2, ...(h2 === null ? [] : [h2])]);
  }
  const outs = outputs(backend, variable, vHat === undefined ? 3 : 4);
  const [w, m1, v1, g] = [variable, m, v, gradient].map((t) => f32(backend, t)) as Float32Array[] as [Float32Array, Float32Array, Float32Array, Float32Array];
  const [w2, m2, v2] = outs.map((t) => f32(backend, t)) as [Float32Array, Float32Array, Float32Array];
  const h1 = vHat === undefined ? null : f32(backend, vHat);
  const h2 = vHat === undefined ? null : f32(backend, outs[3]!);
  const c1 = fr(1 - a.beta1);
  const c2 = fr(1 - a.beta2);
  const alpha = fr(a.alpha);
  const eps = fr(a.epsilon);
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = fr(m1[i]! + fr(fr(gi - m1[i]!) * c1));
    const vi = fr(v1[i]! + fr(fr(fr(gi * gi) - v1[i]!) * c2));
    m2[i] = mi;
    v2[i] = vi;
    let second = vi;
    if (h1 !== null) {
      second = Math.max(h1[i]!, vi);
      h2![i] = second;
    }
    w2[i] = fr(w[i]! - fr(fr(mi * alpha) / fr(fr(Math.sqrt(second)) + eps)));
  }
  return outs;
};

/** The kernel configs registered for 'wasm' by {@link installTrainingKernels}. */
export const rmspropUpdateConfig: KernelConfig = { kernelName: fusedKernelNames.rmsprop, backendName: 'wasm', kernelFunc: rmsprop };
export const adamUpdateConfig: KernelConfig = { kernelName: fusedKernelNames.adam, backendName: 'wasm', kernelFunc: adam };
