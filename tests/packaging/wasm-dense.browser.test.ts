// In Chromium: the bench app's backend entry, `@dl/backend-wasm/dense/register`, trains a Dense
// model on wasm (dl's dense kernels on @dl/backend-wasm's single-threaded backend with
// dist/tfjs-wasm-dense.js' kernels), and a left-out kernel throws the BackendError that names
// `@dl/backend-wasm/register`; @dl/tensor loads the spatial ops' gradients only when cpu starts.
import '@dl/backend-wasm/dense/register';
import * as dl from '@dl/tensor';
import { Dense, Input } from '@dl/layers';
import { Sequential } from '@dl/models';
import { RMSprop } from '@dl/optimizers';
import { expect, it } from 'vitest';

const resources = () => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);

it('trains a Dense model on wasm; convolutions ask for @dl/backend-wasm/register', async () => {
  // Vite serves every module as a file of its own: room for the entries of the lazy ones below.
  performance.setResourceTimingBufferSize(100_000);
  await dl.setBackend('wasm');
  expect(dl.getKernel('DlDenseGrad', 'wasm')).toBeDefined();
  // what the provider loaded: dist/tfjs-wasm-dense.js, not dist/tfjs-wasm.js (the left-out kernels)
  expect(resources().some((p) => p.endsWith('/backend-wasm/dist/tfjs-wasm-dense.js'))).toBe(true);
  expect(resources().some((p) => p.endsWith('/backend-wasm/dist/tfjs-wasm.js'))).toBe(false);
  dl.setSeed(1);
  const model = new Sequential([Input({ shape: [8] }), new Dense(4, { activation: 'relu' }), new Dense(3, { activation: 'softmax' })]);
  model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const y = dl.oneHot(dl.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3);
  const history = await model.fit(dl.randomUniform([16, 8]), y, { epochs: 2, batchSize: 8, verbose: 0 });
  expect(history.history['loss']).toHaveLength(2);
  expect(Number.isFinite(history.history['loss']![1])).toBe(true);

  // Convolution and pooling are left out (their kernels throw), and no spatial op's gradient was loaded.
  const x = dl.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  expect(() => dl.conv2d(x, dl.ones([2, 2, 1, 1]) as dl.Tensor4D, 1, 'valid'))
    .toThrow('Cannot run Conv2D on wasm: "@dl/backend-wasm/dense/register" leaves out the convolution and pooling kernels.');
  expect(() => dl.image.resizeBilinear(dl.ones([1, 2, 2, 1]) as dl.Tensor4D, [4, 4]))
    .toThrow('leaves out the image (resize, crop, flip, rotate, transform, depth-to-space) kernels');
  expect(dl.getGradient('Conv2D')).toBeUndefined();
  expect(resources().some((p) => p.endsWith('/tensor/dist/tfjs-spatial-gradients.js'))).toBe(false);

  // Starting cpu (a backend that runs spatial ops) loads their gradients.
  await dl.setBackend('cpu');
  expect(resources().some((p) => p.endsWith('/tensor/dist/tfjs-spatial-gradients.js'))).toBe(true);
  const dFilter = dl.grad((f) => dl.sum(dl.conv2d(x, f as dl.Tensor4D, 1, 'valid')))(dl.ones([2, 2, 1, 1]));
  expect(Array.from(await dl.read(dFilter))).toEqual([12, 16, 24, 28]);
}, 120_000);
