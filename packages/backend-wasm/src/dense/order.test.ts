// `@dl/backend-wasm/register` first, then `@dl/backend-wasm/dense/register`: the full
// provider stays registered, so every kernel is installed.
import { expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/register';
import '@dl/backend-wasm/dense/register';

it('keeps the full provider when the dense entry is imported after it', async () => {
  await dl.setBackend('wasm');
  expect(dl.getBackendProvider('wasm')!.unsupportedOps.size).toBe(0);
  const x = dl.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  const dFilter = dl.grad((f) => dl.sum(dl.conv2d(x, f as dl.Tensor4D, 1, 'valid')))(dl.ones([2, 2, 1, 1]));
  expect(Array.from(dFilter.dataSync())).toEqual([12, 16, 24, 28]);
  expect(dl.hasFusedRecurrent('simpleRNN')).toBe(true);
});
