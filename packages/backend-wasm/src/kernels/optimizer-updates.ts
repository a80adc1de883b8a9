/**
 * Fused optimizer updates for wasm: `DlRMSprop` and `DlAdam` (contracts in
 * @dl/tensor's `runFusedKernel`). Composed from ops, one RMSprop update is
 * nine kernel calls, each a pass over the whole variable plus the engine's
 * bookkeeping; here it is one pass in JS over the wasm heap. Every operation
 * is rounded to float32 with `Math.fround` in the order the composed ops
 * apply them (float64 then one rounding is exact for +, −, ×, ÷ and √), so the
 * results are bit-identical to the composed update on wasm.
 */
import { fusedKernelNames } from '@dl/tensor';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, f32, type BackendWasm } from './wasm-ops';

const fr = Math.fround;

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
