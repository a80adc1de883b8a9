// In Chromium, `import '@dl/backend-wasm/register'` starts @dl/backend-wasm's own
// single-threaded tfjs-backend-wasm backend (dist/tfjs-wasm.js, chosen by the browser side of
// the package's `#tfjs-wasm` import), not tfjs-backend-wasm's entry with its multithreaded
// glue: the page fetches that module and the SIMD binary from setWasmPaths' URL (set by
// tests/setup/browser.ts), and the backend stores, reads and frees tensors as
// tfjs-backend-wasm's does. The conformance suite (tests/conformance/browser.test.ts) runs
// every op case on it against cpu; the bundle-level check is tests/packaging/bundle.test.ts.
import '@dl/backend-wasm/register';
import * as dl from '@dl/tensor';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { beforeAll, expect, it } from 'vitest';

const resources = () => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);

beforeAll(async () => {
  // Vite serves every module as a file of its own: room for the entries of the lazy ones.
  performance.setResourceTimingBufferSize(100_000);
  await dl.setBackend('wasm');
}, 120_000);

it('loads dl\'s single-threaded backend module and the SIMD binary from setWasmPaths\' URL, no threaded code', () => {
  const loaded = resources();
  expect(loaded.some((p) => p.endsWith('/backend-wasm/dist/tfjs-wasm.js'))).toBe(true);
  expect(loaded).toContain(new URL(simdUrl, location.href).pathname);
  expect(loaded.filter((p) => /threaded-simd\.(js|worker\.js)|tfjs-backend-wasm\/dist\/(index|base|backend_wasm)\.js|tfjs-backend-wasm_dist_index/.test(p))).toEqual([]);
  const wasm = (dl.engine().backend as unknown as { wasm: Record<string, unknown> }).wasm;
  expect('PThread' in wasm).toBe(false);
});

it('stores, reads and frees tensors of every dtype, and runs tfjs-backend-wasm\'s and dl\'s kernels', async () => {
  const before = dl.engine().backend.numDataIds();
  const f = dl.tensor([[1, 2], [3, 4]]);
  const i = dl.tensor([5, -6, 7], [3], 'int32');
  const b = dl.tensor([true, false, true], [3], 'bool');
  const s = dl.tensor(['a', 'bc'], [2], 'string');
  const ff = dl.matMul(f, f);
  expect(Array.from(await dl.read(ff))).toEqual([7, 10, 15, 22]);
  expect(Array.from(await dl.read(i))).toEqual([5, -6, 7]);
  expect(Array.from(await dl.read(b))).toEqual([1, 0, 1]);
  expect(await s.array()).toEqual(['a', 'bc']);
  expect(Array.from(f.dataSync().slice(1, 3))).toEqual([2, 3]);
  // Conv2DBackpropFilter: a dl kernel (tfjs-backend-wasm has none), over the backend's memory.
  const x = dl.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  const k = dl.ones([2, 2, 1, 1]);
  const dFilter = dl.grad((w) => dl.sum(dl.conv2d(x, w as dl.Tensor4D, 1, 'valid')))(k);
  expect(Array.from(await dl.read(dFilter))).toEqual([12, 16, 24, 28]);
  dl.dispose([f, ff, i, b, s, x, k, dFilter]);
  expect(dl.engine().backend.numDataIds()).toBe(before);
});
