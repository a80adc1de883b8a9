/**
 * dl's SIMD kernels (kernels.wat) instantiated on tfjs-backend-wasm's own
 * memory, so they read and write tensors where the backend keeps them.
 *
 * The module is 1.7 KB, small enough to compile synchronously on a browser's
 * main thread. Where it cannot be used (no wasm SIMD, a backend whose memory
 * is not reachable, or the switch `globalThis[Symbol.for('@dl/backend-wasm/simd')] = false`,
 * which tests use to exercise the scalar paths), {@link simdKernels} returns
 * null and the kernels fall back to their JS paths, which compute the same
 * values.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '../kernels/wasm-ops';
import { KERNELS_WASM_BASE64 } from './kernels-wasm';

/** The module's exports; pointers are byte offsets into the backend's memory, `n` element counts. */
export interface SimdKernels {
  rmsprop(w: number, s: number, g: number, w2: number, s2: number, n: number, rho: number, rest: number, eps: number, lr: number): void;
  rmspropMomentum(w: number, s: number, g: number, p: number, w2: number, s2: number, p2: number, n: number,
    rho: number, rest: number, eps: number, lr: number, momentum: number): void;
  /** `h` and `h2` are 0 without amsgrad. */
  adam(w: number, m: number, v: number, h: number, g: number, w2: number, m2: number, v2: number, h2: number, n: number,
    c1: number, c2: number, alpha: number, eps: number): void;
  /** 4-byte elements: `dst` (cols × rows) = transpose of `src` (rows × cols). */
  transpose(src: number, dst: number, rows: number, cols: number): void;
}

const SWITCH = Symbol.for('@dl/backend-wasm/simd');
const instances = new WeakMap<object, SimdKernels | null>();
let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const text = atob(KERNELS_WASM_BASE64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null; // no SIMD in this engine
    }
  }
  return compiled;
}

/** The SIMD kernels on `backend`'s memory, or null where they cannot run (see the module comment). */
export function simdKernels(backend: BackendWasm): SimdKernels | null {
  if ((globalThis as Record<symbol, unknown>)[SWITCH] === false) return null;
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    kernels = null;
    const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
    const module = compile();
    if (module !== null && memory instanceof WebAssembly.Memory) {
      try {
        kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
      } catch {
        kernels = null;
      }
    }
    instances.set(backend, kernels);
  }
  return kernels;
}

/** Where `info`'s data starts in the backend's memory, in bytes. */
export function byteOffset(backend: BackendWasm, info: TensorInfo): number {
  return (backend.dataIdMap.get(info.dataId) as { memoryOffset: number }).memoryOffset;
}
