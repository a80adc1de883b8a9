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

it('trains a Dense model on wasm; convolution gradients ask for @dl/backend-wasm/register', async () => {
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

  // No spatial gradients were loaded for this backend: a throwing one stands in (in Node, where every
  // gradient is registered, the left-out Conv2DBackpropFilter kernel throws instead).
  const x = dl.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  expect(() => dl.grad((f) => dl.sum(dl.conv2d(x, f as dl.Tensor4D, 1, 'valid')))(dl.ones([2, 2, 1, 1])))
    .toThrow('Cannot compute the gradient of Conv2D on wasm: "@dl/backend-wasm/dense/register" leaves out the convolution, pooling and image gradients.');
  expect(() => dl.grad((t) => dl.sum(dl.avgPool(t as dl.Tensor4D, 2, 1, 'valid')))(x)).toThrow('Cannot compute the gradient of AvgPool on wasm');
  expect(resources().some((p) => p.endsWith('/tensor/dist/tfjs-spatial-gradients.js'))).toBe(false);
  // a tfjs-backend-wasm kernel it leaves out (image ops), and one it keeps (2-D convolution, forward)
  expect(() => dl.image.resizeBilinear(dl.ones([1, 2, 2, 1]) as dl.Tensor4D, [4, 4])).toThrow('leaves out the image (resize, crop, flip, rotate, transform, depth-to-space) kernels');
  expect(Array.from(await dl.read(dl.conv2d(x, dl.ones([2, 2, 1, 1]) as dl.Tensor4D, 1, 'valid')))).toEqual([12, 16, 24, 28]);

  // Starting cpu (every gradient) loads the spatial gradients, in place of the throwing ones.
  await dl.setBackend('cpu');
  expect(resources().some((p) => p.endsWith('/tensor/dist/tfjs-spatial-gradients.js'))).toBe(true);
  const dFilter = dl.grad((f) => dl.sum(dl.conv2d(x, f as dl.Tensor4D, 1, 'valid')))(dl.ones([2, 2, 1, 1]));
  expect(Array.from(await dl.read(dFilter))).toEqual([12, 16, 24, 28]);
}, 120_000);
