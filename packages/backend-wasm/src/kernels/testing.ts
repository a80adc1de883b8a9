/**
 * Test helpers for the wasm kernels (used by the `*.test.ts` files beside
 * them, not exported by the package): deterministic inputs, the worst error
 * of wasm against the cpu backend (the oracle), and a leak check that also
 * counts the wasm backend's own data buffers.
 */
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/register';
import type { NamedAttrMap, Tensor } from '@dl/tensor';
import { values } from '../../../../tests/support/values';

export { values };

/** A float32 tensor of `shape` filled by {@link values}. */
export function input(shape: number[], seed: number): Tensor {
  return dl.tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape, 'float32');
}

/** Runs one kernel by name on the current backend, through the engine (so gradients and memory are tracked). */
export function runKernel(name: string, inputs: Record<string, Tensor>, attrs: object): Tensor {
  return dl.engine().runKernel(name, inputs, attrs as unknown as NamedAttrMap) as Tensor;
}

async function compute(backend: string, fn: () => Tensor | Tensor[]): Promise<{ shapes: number[][]; data: Float32Array[] }> {
  await dl.setBackend(backend);
  const outs = dl.tidy(() => [fn()].flat());
  try {
    const data = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())));
    return { shapes: outs.map((t) => t.shape), data };
  } finally {
    dl.dispose(outs);
  }
}

/**
 * The largest |wasm − cpu| / (1 + |cpu|) over every output of `fn`, run on
 * each backend. Throws when the output shapes differ.
 */
export async function maxErrorAgainstCpu(fn: () => Tensor | Tensor[]): Promise<number> {
  const want = await compute('cpu', fn);
  const got = await compute('wasm', fn);
  let worst = 0;
  want.data.forEach((w, k) => {
    const g = got.data[k]!;
    if (want.shapes[k]!.join() !== got.shapes[k]!.join()) {
      throw new Error(`Output ${k}: expected shape [${want.shapes[k]}], received [${got.shapes[k]}].`);
    }
    for (let i = 0; i < w.length; i++) {
      const e = Math.abs(g[i]! - w[i]!) / (1 + Math.abs(w[i]!));
      worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
    }
  });
  return worst;
}

/** What is allocated now: engine tensors and bytes, and the wasm backend's data buffers. */
function allocation(): [number, number, number] {
  const m = dl.memory();
  return [m.numTensors, m.numBytes, dl.engine().findBackend('wasm')!.numDataIds()];
}

/**
 * Runs `fn` `times` times on wasm (inside tidy) and returns the allocation
 * growth `[tensors, bytes, wasm buffers]`; all zeros means nothing leaked.
 */
export async function wasmAllocationGrowth(fn: () => Tensor | Tensor[], times = 5): Promise<[number, number, number]> {
  await dl.setBackend('wasm');
  dl.tidy(fn); // warm up: first calls may cache
  const before = allocation();
  for (let i = 0; i < times; i++) dl.tidy(() => { fn(); });
  const after = allocation();
  return [after[0] - before[0], after[1] - before[1], after[2] - before[2]];
}

/** Relative tolerance against cpu (float32, different summation order). */
export const TOLERANCE = 1e-4;

/** Switches dl's SIMD modules on or off (simd/simd.ts), so tests can run the JS paths. */
export function setSimd(on: boolean): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for('@dl/backend-wasm/simd')] = on;
}

/** Switches dl's SIMD matrix-product module (simd/matmul.ts) alone on or off. */
export function setSimdMatmul(on: boolean): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for('@dl/backend-wasm/simd-matmul')] = on;
}

/** Runs `fn` on wasm with the SIMD kernels and without; returns both outputs' values. */
export async function withAndWithout(fn: () => Tensor[]): Promise<[Float32Array[], Float32Array[]]> {
  await dl.setBackend('wasm');
  const run = async (on: boolean) => {
    setSimd(on);
    const outs = dl.tidy(fn);
    setSimd(true);
    try {
      return await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())));
    } finally {
      dl.dispose(outs);
    }
  };
  return [await run(true), await run(false)];
}
