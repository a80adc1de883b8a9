import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as dl from '@dl/tensor';
// @ts-expect-error: a plain .mjs build script, no types
import { compileWat } from '../../scripts/compile-wat.mjs';
import { CONV_WASM_HEX } from './conv-wasm';
import { KERNELS_WASM_HEX } from './kernels-wasm';
import { SMALL_PRODUCT_WASM_HEX } from './small-product-wasm';
import { convSimdKernels } from './conv';
import { simdKernels } from './simd';
import type { BackendWasm } from '../kernels/wasm-ops';
import { input, runKernel, setSimd, withAndWithout } from '../kernels/testing';

describe('SIMD kernels (kernels.wat)', () => {
  afterEach(() => setSimd(true));

  it.each([['kernels.wat', KERNELS_WASM_HEX], ['small-product.wat', SMALL_PRODUCT_WASM_HEX], ['conv.wat', CONV_WASM_HEX]])(
    'the committed module is %s compiled (run scripts/build-simd.mjs after editing it)', async (file, committed) => {
      const wat = readFileSync(fileURLToPath(new URL(`./${file}`, import.meta.url)), 'utf8');
      const bytes: Uint8Array = await compileWat(wat);
      expect(Buffer.from(bytes).toString('hex')).toBe(committed);
      expect(bytes.length, 'small enough to compile synchronously on a browser\'s main thread').toBeLessThan(4096);
    });

  it('instantiates on the backend\'s memory here (Node has wasm SIMD), and not when switched off', async () => {
    await dl.setBackend('wasm');
    const backend = dl.engine().findBackend('wasm') as unknown as BackendWasm;
    expect(simdKernels(backend)).not.toBeNull();
    expect(convSimdKernels(backend)).not.toBeNull();
    setSimd(false);
    expect(simdKernels(backend)).toBeNull();
    expect(convSimdKernels(backend)).toBeNull();
  });

  it('transpose: bit-identical to the JS path for every remainder of rows and columns, and across tiles', async () => {
    const shapes = [[4, 4], [5, 7], [6, 3], [1, 9], [9, 1], [13, 600], [37, 260], [2, 3, 8, 5]];
    const [simd, scalar] = await withAndWithout(() => shapes.map((s, i) => dl.transpose(input(s, i), s.length === 4 ? [0, 1, 3, 2] : [1, 0])));
    simd.forEach((v, i) => expect(v).toEqual(scalar[i]));
    // int32 too (4-byte elements)
    await dl.setBackend('wasm');
    const ints = dl.transpose(dl.tensor([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]], [4, 5], 'int32'));
    expect(ints.arraySync()).toEqual([[1, 6, 11, 16], [2, 7, 12, 17], [3, 8, 13, 18], [4, 9, 14, 19], [5, 10, 15, 20]]);
    ints.dispose();
  });

  it('RMSprop and Adam updates: bit-identical to the JS and composed paths, with a remainder of elements', async () => {
    const shape = [7, 9]; // 63 elements: 15 vectors and 3 in the scalar tail
    const positive = (seed: number) => dl.abs(input(shape, seed));
    const [simd, scalar] = await withAndWithout(() => [
      ...runKernelList(dl.fusedKernelNames.rmsprop, { variable: input(shape, 1), velocity: positive(2), gradient: input(shape, 3) },
        { learningRate: 0.01, rho: 0.9, epsilon: 1e-7, momentum: 0 }),
      ...runKernelList(dl.fusedKernelNames.rmsprop, { variable: input(shape, 4), velocity: positive(5), gradient: input(shape, 6), momentum: input(shape, 7) },
        { learningRate: 0.01, rho: 0.8, epsilon: 1e-7, momentum: 0.9 }),
      ...runKernelList(dl.fusedKernelNames.adam, { variable: input(shape, 8), m: input(shape, 9), v: positive(10), gradient: input(shape, 11) },
        { alpha: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
      ...runKernelList(dl.fusedKernelNames.adam, { variable: input(shape, 12), m: input(shape, 13), v: positive(14), gradient: input(shape, 15), vHat: positive(16) },
        { alpha: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
    ]);
    expect(simd).toHaveLength(2 + 3 + 3 + 4);
    simd.forEach((v, i) => expect(v).toEqual(scalar[i]));
  });

  it('several variables in one call (`count`): each variable\'s outputs equal its own call\'s, on both paths', async () => {
    const shapes = [[7, 9], [5], [2, 3, 4]];
    const attrs = { learningRate: 0.01, rho: 0.8, epsilon: 1e-7, momentum: 0.9 };
    const one = (k: number) => ({ variable: input(shapes[k]!, 10 * k + 1), velocity: dl.abs(input(shapes[k]!, 10 * k + 2)), gradient: input(shapes[k]!, 10 * k + 3), momentum: input(shapes[k]!, 10 * k + 4) });
    const [simd, scalar] = await withAndWithout(() => {
      const all: Record<string, dl.Tensor> = {};
      shapes.forEach((_, k) => { for (const [name, t] of Object.entries(one(k))) all[`${name}${k}`] = t; });
      const together = runKernelList(dl.fusedKernelNames.rmsprop, all, { ...attrs, count: shapes.length });
      const apart = shapes.flatMap((_, k) => runKernelList(dl.fusedKernelNames.rmsprop, one(k), attrs));
      return [...together, ...apart];
    });
    expect(simd).toHaveLength(2 * 3 * shapes.length);
    const half = simd.length / 2;
    for (let i = 0; i < half; i++) {
      expect(simd[i]).toEqual(simd[half + i]);
      expect(scalar[i]).toEqual(simd[i]);
    }
  });
});

function runKernelList(name: string, inputs: Record<string, dl.Tensor>, attrs: object): dl.Tensor[] {
  return runKernel(name, inputs, attrs) as unknown as dl.Tensor[];
}
