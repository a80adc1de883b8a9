/**
 * dl's SIMD kernels (kernels.wat; the convolution ones, conv.wat, in conv.ts)
 * instantiated on tfjs-backend-wasm's own memory, so they read and write
 * tensors where the backend keeps them.
 *
 * Each module is under 4 KB, small enough to compile synchronously on a
 * browser's main thread. Where it cannot be used (no wasm SIMD, a backend whose memory
 * is not reachable, or the switch `globalThis[Symbol.for('@dl/backend-wasm/simd')] = false`,
 * which tests use to exercise the scalar paths), {@link simdKernels} returns
 * null and the kernels fall back to their JS paths, which compute the same
 * values.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '../kernels/wasm-ops';
import { KERNELS_WASM_HEX } from './kernels-wasm';

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
  /** `dst[i] += src[i]` for `i < n` floats, `n` a multiple of 4. */
  addInto(dst: number, src: number, n: number): void;
  /** 4-byte elements: `dst` (b × a × inner) = `src` (a × b × inner), `inner` a multiple of 4. */
  swapLeading(src: number, dst: number, a: number, b: number, inner: number): void;
  /** `out` (segments × inner, zero on entry) += row i of `x` (n × inner floats) at row `ids[i]` (int32); ids out of range dropped. */
  segmentSum(x: number, ids: number, out: number, n: number, inner: number, segments: number): void;
  /** `out` (cols floats) = the sum of the rows of `x` (rows × cols), in float32 row after row. */
  sumRows(x: number, out: number, rows: number, cols: number): void;
}

/**
 * A convolution's or pooling's geometry as the kernels take it: in height, in
 * width, channels, out height, out width, filter height, filter width (the
 * effective, dilated sizes for pooling), strides, dilations, top and left padding.
 */
export type ConvGeometry = [
  h: number, w: number, c: number, outH: number, outW: number, fh: number, fw: number,
  strideH: number, strideW: number, dilationH: number, dilationW: number, padTop: number, padLeft: number,
];

const SWITCH = Symbol.for('@dl/backend-wasm/simd');

/** A module's bytes (hex), compiled once, and its instance per backend. */
export interface SimdModule<T> {
  hex: string;
  compiled?: WebAssembly.Module | null;
  instances: WeakMap<object, T | null>;
}

function compile<T>(module: SimdModule<T>): WebAssembly.Module | null {
  if (module.compiled === undefined) {
    try {
      const bytes = new Uint8Array(module.hex.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(module.hex.slice(2 * i, 2 * i + 2), 16);
      module.compiled = new WebAssembly.Module(bytes);
    } catch {
      module.compiled = null; // no SIMD in this engine
    }
  }
  return module.compiled;
}

/** `module` instantiated on `backend`'s memory, or null where it cannot run (see the module comment). */
export function instantiate<T>(backend: BackendWasm, module: SimdModule<T>): T | null {
  if ((globalThis as Record<symbol, unknown>)[SWITCH] === false) return null;
  let exports = module.instances.get(backend);
  if (exports === undefined) {
    exports = null;
    const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
    const compiled = compile(module);
    if (compiled !== null && memory instanceof WebAssembly.Memory) {
      try {
        exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as T;
      } catch {
        exports = null;
      }
    }
    module.instances.set(backend, exports);
  }
  return exports;
}

const kernels: SimdModule<SimdKernels> = { hex: KERNELS_WASM_HEX, instances: new WeakMap() };

/** The SIMD kernels on `backend`'s memory, or null where they cannot run (see the module comment). */
export function simdKernels(backend: BackendWasm): SimdKernels | null {
  return instantiate(backend, kernels);
}

/** Where `info`'s data starts in the backend's memory, in bytes. */
export function byteOffset(backend: BackendWasm, info: TensorInfo): number {
  return (backend.dataIdMap.get(info.dataId) as { memoryOffset: number }).memoryOffset;
}
