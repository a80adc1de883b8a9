// In Chromium: the bench app's backend entry, `@dl/backend-wasm/dense/register`, trains a Dense
// model on wasm (dl's dense kernels on @dl/backend-wasm's single-threaded backend with
// dist/tfjs-wasm-dense.js' kernels), and a left-out kernel throws the BackendError that names
// `@dl/backend-wasm/register`.
import '@dl/backend-wasm/dense/register';
import * as dl from '@dl/tensor';
import { Dense, Input } from '@dl/layers';
import { Sequential } from '@dl/models';
import { RMSprop } from '@dl/optimizers';
import { expect, it } from 'vitest';

it('trains a Dense model on wasm; convolution gradients ask for @dl/backend-wasm/register', async () => {
  await dl.setBackend('wasm');
  expect(dl.getKernel('DlDenseGrad', 'wasm')).toBeDefined();
  // what the provider loaded: dist/tfjs-wasm-dense.js, not dist/tfjs-wasm.js (the left-out kernels)
  const loaded = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
  expect(loaded.some((p) => p.endsWith('/backend-wasm/dist/tfjs-wasm-dense.js'))).toBe(true);
  expect(loaded.some((p) => p.endsWith('/backend-wasm/dist/tfjs-wasm.js'))).toBe(false);
  dl.setSeed(1);
  const model = new Sequential([Input({ shape: [8] }), new Dense(4, { activation: 'relu' }), new Dense(3, { activation: 'softmax' })]);
  model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const y = dl.oneHot(dl.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3);
  const history = await model.fit(dl.randomUniform([16, 8]), y, { epochs: 2, batchSize: 8, verbose: 0 });
  expect(history.history['loss']).toHaveLength(2);
  expect(Number.isFinite(history.history['loss']![1])).toBe(true);

  const x = dl.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  expect(() => dl.grad((f) => dl.sum(dl.conv2d(x, f as dl.Tensor4D, 1, 'valid')))(dl.ones([2, 2, 1, 1])))
    .toThrow('Cannot run Conv2DBackpropFilter on wasm: "@dl/backend-wasm/dense/register" leaves out the convolution training');
  // a tfjs-backend-wasm kernel it leaves out (image ops), and one it keeps (2-D convolution, forward)
  expect(() => dl.image.resizeBilinear(dl.ones([1, 2, 2, 1]) as dl.Tensor4D, [4, 4])).toThrow('leaves out the image ops');
  expect(Array.from(await dl.read(dl.conv2d(x, dl.ones([2, 2, 1, 1]) as dl.Tensor4D, 1, 'valid')))).toEqual([12, 16, 24, 28]);
}, 120_000);
