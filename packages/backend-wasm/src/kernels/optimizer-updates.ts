/**
 * Fused optimizer updates for wasm: `DlRMSprop` and `DlAdam` (contracts in
 * @dl/tensor's `runFusedKernel`). Composed from ops, one RMSprop update is
 * nine kernel calls through the engine (about 10 µs of bookkeeping each);
 * here it is one: a single SIMD pass (simd/kernels.wat). Where wasm SIMD is
 * missing, the kernel calls tfjs-backend-wasm's elementwise kernels directly
 * in the composed order, still without the engine. Both give results
 * bit-identical to the composed update on wasm (every step one IEEE float32
 * operation, in the same order). With the `count` attr, one call updates
 * several variables (one engine call per optimizer step).
 */
import { fusedKernelNames } from '@dl/tensor';
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { byteOffset, simdKernels } from '../simd/simd';
import { allocate, f32, free, runWasmKernel, type BackendWasm } from './wasm-ops';

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

/**
 * The inputs of the `k`-th variable of a call: the contract's names, or with
 * the `count` attr (several variables in one call) the names suffixed by k.
 */
function group(inputs: Record<string, TensorInfo | undefined>, count: number | undefined, k: number): Record<string, TensorInfo | undefined> {
  if (count === undefined) return inputs;
  const names = (suffixedNames[k] ??= INPUT_NAMES.map((name) => `${name}${k}`));
  const out: Record<string, TensorInfo | undefined> = {};
  for (let i = 0; i < INPUT_NAMES.length; i++) out[INPUT_NAMES[i]!] = inputs[names[i]!];
  return out;
}

/** The contracts' input names, and the same suffixed by each variable's position (built once). */
const INPUT_NAMES = ['variable', 'velocity', 'gradient', 'momentum', 'm', 'v', 'vHat'] as const;
const suffixedNames: string[][] = [];

/** Runs `update` for each variable of the call (see {@link group}); outputs are the groups' outputs in order. */
function perVariable(inputs: unknown, attrs: unknown, update: (g: Record<string, TensorInfo | undefined>) => TensorInfo[]): TensorInfo[] {
  const count = (attrs as { count?: number }).count;
  const outs: TensorInfo[] = [];
  for (let k = 0; k < (count ?? 1); k++) outs.push(...update(group(inputs as Record<string, TensorInfo | undefined>, count, k)));
  return outs;
}

const rmsprop: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const a = attrs as unknown as { learningRate: number; rho: number; epsilon: number; momentum: number };
  const simd = simdKernels(backend);
  return perVariable(inputs, attrs, (g) => {
    const { variable, velocity, gradient, momentum } = g as { variable: TensorInfo; velocity: TensorInfo; gradient: TensorInfo; momentum?: TensorInfo };
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
    // add(mul(s, rho), mul(square(g), 1 - rho)); div(mul(g, lr), sqrt(add(s', eps))); then the momentum and the step.
    const o = new Ops(backend);
    const s2 = o.binary('Add', o.binary('Multiply', velocity, o.scalar(a.rho)), o.binary('Multiply', o.unary('Square', gradient), o.scalar(1 - a.rho)));
    const step = o.binary('RealDiv', o.binary('Multiply', gradient, o.scalar(a.learningRate)), o.unary('Sqrt', o.binary('Add', s2, o.scalar(a.epsilon))));
    if (momentum === undefined) return o.done([o.binary('Sub', variable, step), s2]);
    const p2 = o.binary('Add', o.binary('Multiply', momentum, o.scalar(a.momentum)), step);
    return o.done([o.binary('Sub', variable, p2), s2, p2]);
  });
};

const adam: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const a = attrs as unknown as { alpha: number; beta1: number; beta2: number; epsilon: number };
  const simd = simdKernels(backend);
  return perVariable(inputs, attrs, (g) => {
    const { variable, m, v, gradient, vHat } = g as { variable: TensorInfo; m: TensorInfo; v: TensorInfo; gradient: TensorInfo; vHat?: TensorInfo };
    if (simd !== null) {
      const outs = outputs(backend, variable, vHat === undefined ? 3 : 4);
      const at = (t: TensorInfo | undefined) => (t === undefined ? 0 : byteOffset(backend, t));
      simd.adam(at(variable), at(m), at(v), at(vHat), at(gradient), at(outs[0]), at(outs[1]), at(outs[2]), at(outs[3]),
        util.sizeFromShape(variable.shape), 1 - a.beta1, 1 - a.beta2, a.alpha, a.epsilon);
      return outs;
    }
    // m + (g − m)(1 − β₁); v + (g² − v)(1 − β₂); max(vHat, v'); w − m'·alpha / (√ŝ + ε).
    const o = new Ops(backend);
    const m2 = o.binary('Add', m, o.binary('Multiply', o.binary('Sub', gradient, m), o.scalar(1 - a.beta1)));
    const v2 = o.binary('Add', v, o.binary('Multiply', o.binary('Sub', o.unary('Square', gradient), v), o.scalar(1 - a.beta2)));
    const h2 = vHat === undefined ? null : o.binary('Maximum', vHat, v2);
    const step = o.binary('RealDiv', o.binary('Multiply', m2, o.scalar(a.alpha)), o.binary('Add', o.unary('Sqrt', h2 ?? v2), o.scalar(a.epsilon)));
    return o.done([o.binary('Sub', variable, step), m2, v2, ...(h2 === null ? [] : [h2])]);
  });
};

/** The kernel configs registered for 'wasm' by {@link installTrainingKernels}. */
export const rmspropUpdateConfig: KernelConfig = { kernelName: fusedKernelNames.rmsprop, backendName: 'wasm', kernelFunc: rmsprop };
export const adamUpdateConfig: KernelConfig = { kernelName: fusedKernelNames.adam, backendName: 'wasm', kernelFunc: adam };
