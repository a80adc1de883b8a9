// In Chromium: an app that trains a Dense model on wasm never loads tfjs' cpu backend
// (@dl/tensor's main entry imports it only when cpu is selected), and selecting cpu later
// loads it then. tfjs-backend-cpu registers its backend factory when its code runs, so
// findBackendFactory('cpu') tells whether it was loaded. The bundle-level check (no cpu
// code in the chunks a browser loads) is tests/packaging/bundle.test.ts.
import '@dl/backend-wasm/register';
import * as dl from '@dl/tensor';
import { Dense, Input } from '@dl/layers';
import { Sequential } from '@dl/models';
import { RMSprop } from '@dl/optimizers';
import { expect, it } from 'vitest';

it('trains a Dense model on wasm without loading the cpu backend, which loads when selected', async () => {
  expect(dl.findBackendFactory('cpu')).toBeNull();
  expect(dl.getBackend()).toBeUndefined();
  await dl.setBackend('wasm');
  dl.setSeed(1);
  const model = new Sequential([Input({ shape: [8] }), new Dense(4, { activation: 'relu' }), new Dense(3, { activation: 'softmax' })]);
  model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(dl.randomUniform([16, 8]), dl.oneHot(dl.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3), { epochs: 2, batchSize: 8, verbose: 0 });
  expect(history.history['loss']).toHaveLength(2);
  expect(Number.isFinite(history.history['loss']![1])).toBe(true);
  expect(dl.getBackend()).toBe('wasm');
  expect(dl.findBackendFactory('cpu')).toBeNull();

  await dl.setBackend('cpu');
  expect(dl.findBackendFactory('cpu')).not.toBeNull();
  expect(await dl.readScalar(dl.sum(dl.tensor([1, 2, 3])))).toBe(6);
}, 120_000);
