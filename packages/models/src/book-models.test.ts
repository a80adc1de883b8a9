// The book's models, on small synthetic data of the real shapes: each builds,
// trains, evaluates, saves, loads, and predicts identically after loading.
import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/register';
import {
  Add, Bidirectional, Concatenate, Conv2D, Dense, Dropout, Embedding, Flatten, Input, LSTM, MaxPooling2D,
} from '@dl/layers';
import { Model, Sequential, loadModel } from '@dl/models';

async function roundTrip(model: Model, x: dl.Tensor | dl.Tensor[], y: dl.Tensor | dl.Tensor[]) {
  const first = await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
  const before = dl.memory().numTensors;
  const h = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
  expect(Object.keys(h.history)).toEqual(Object.keys(first.history));
  for (const values of Object.values(h.history)) expect(values.every(Number.isFinite)).toBe(true);
  const evalBefore = await model.evaluate(x, y, { batchSize: 8 });
  const loaded = await loadModel((await model.save())!);
  const p1 = (await model.predict(x, { batchSize: 8 })) as dl.Tensor | dl.Tensor[];
  const p2 = (await loaded.predict(x, { batchSize: 8 })) as dl.Tensor | dl.Tensor[];
  const a = Array.isArray(p1) ? p1 : [p1];
  const b = Array.isArray(p2) ? p2 : [p2];
  for (let i = 0; i < a.length; i++) expect(Array.from(await b[i]!.data())).toEqual(Array.from(await a[i]!.data()));
  expect(await loaded.evaluate(x, y, { batchSize: 8 })).toEqual(evalBefore);
  dl.dispose([...a, ...b]);
  loaded.dispose();
  // once built, fit, evaluate, predict, save and load leave no tensor behind
  expect(dl.memory().numTensors).toBe(before);
  return h.history;
}

describe("the book's models", () => {
  it('MNIST MLP (chapter 2): 784 → Dense 512 relu → Dense 10 softmax, rmsprop', async () => {
    dl.setSeed(1);
    const m = new Sequential([Input({ shape: [784] }), new Dense(512, { activation: 'relu' }), new Dense(10, { activation: 'softmax' })]);
    m.compile({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    expect(m.countParams()).toBe(407050);
    const h = await roundTrip(m, dl.randomUniform([32, 784]), dl.randomUniformInt([32], 0, 10));
    expect(Object.keys(h)).toEqual(['loss', 'accuracy']);
  });

  it('IMDB multi-hot classifier (chapter 4): 10000 → 16 → 16 → 1 sigmoid, binary crossentropy', async () => {
    dl.setSeed(2);
    const m = new Sequential([Input({ shape: [10000] }), new Dense(16, { activation: 'relu' }), new Dense(16, { activation: 'relu' }), new Dense(1, { activation: 'sigmoid' })]);
    m.compile({ optimizer: 'rmsprop', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const x = dl.cast(dl.less(dl.randomUniform([24, 10000]), 0.02), 'float32');
    await roundTrip(m, x, dl.cast(dl.randomUniformInt([24, 1], 0, 2), 'float32'));
  });

  it('Reuters classifier (chapter 4): 10000 → 64 → 64 → 46 softmax, categorical crossentropy', async () => {
    dl.setSeed(3);
    const m = new Sequential([Input({ shape: [10000] }), new Dense(64, { activation: 'relu' }), new Dense(64, { activation: 'relu' }), new Dense(46, { activation: 'softmax' })]);
    m.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const x = dl.cast(dl.less(dl.randomUniform([16, 10000]), 0.02), 'float32');
    await roundTrip(m, x, dl.oneHot(dl.randomUniformInt([16], 0, 46), 46));
  });

  it('Boston regression (chapter 4): 13 → 64 → 64 → 1, mse, mae', async () => {
    dl.setSeed(4);
    const m = new Sequential([Input({ shape: [13] }), new Dense(64, { activation: 'relu' }), new Dense(64, { activation: 'relu' }), new Dense(1)]);
    m.compile({ optimizer: 'rmsprop', loss: 'mse', metrics: ['mae'] });
    const h = await roundTrip(m, dl.randomNormal([40, 13]), dl.randomNormal([40, 1], 22, 9));
    expect(Object.keys(h)).toEqual(['loss', 'mean_absolute_error']);
  });

  it('MNIST convnet (chapter 8): Keras shapes and parameter counts, trains, saves, loads (on wasm: cpu convolution gradients are slow)', async () => {
    await dl.setBackend('wasm');
    dl.setSeed(5);
    const inputs = Input({ shape: [28, 28, 1] });
    let x = new Conv2D(32, 3, { activation: 'relu' }).apply(inputs);
    x = new MaxPooling2D(2).apply(x);
    x = new Conv2D(64, 3, { activation: 'relu' }).apply(x);
    x = new MaxPooling2D(2).apply(x);
    x = new Conv2D(128, 3, { activation: 'relu' }).apply(x);
    x = new Flatten().apply(x);
    const outputs = new Dense(10, { activation: 'softmax' }).apply(x);
    const m = new Model({ inputs, outputs });
    expect(m.countParams()).toBe(320 + 18496 + 73856 + 11530);
    m.compile({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    try {
      await roundTrip(m, dl.randomUniform([8, 28, 28, 1]), dl.randomUniformInt([8], 0, 10));
    } finally {
      await dl.setBackend('cpu');
    }
  });

  it('Embedding + Bidirectional LSTM (chapter 11), masked, with dropout', async () => {
    dl.setSeed(6);
    const inputs = Input({ shape: [null], dtype: 'int32' });
    let x = new Embedding(50, 8, { maskZero: true }).apply(inputs);
    x = new Bidirectional(new LSTM(4)).apply(x);
    x = new Dropout(0.5).apply(x);
    const outputs = new Dense(1, { activation: 'sigmoid' }).apply(x);
    const m = new Model({ inputs, outputs });
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const ids = dl.tidy(() => dl.mul(dl.randomUniformInt([16, 12], 1, 50), dl.cast(dl.less(dl.tile(dl.reshape(dl.range(0, 12), [1, 12]), [16, 1]), dl.randomUniformInt([16, 1], 4, 13)), 'int32')));
    await roundTrip(m, ids, dl.cast(dl.randomUniformInt([16, 1], 0, 2), 'float32'));
  });

  it('a functional model with two inputs and two outputs, and a residual model', async () => {
    dl.setSeed(7);
    const title = Input({ shape: [10], name: 'title' });
    const text = Input({ shape: [20], name: 'text' });
    const features = new Concatenate().apply([title, text]);
    const hidden = new Dense(16, { activation: 'relu' }).apply(features);
    const priority = new Dense(1, { activation: 'sigmoid', name: 'priority' }).apply(hidden);
    const department = new Dense(4, { activation: 'softmax', name: 'department' }).apply(hidden);
    const two = new Model({ inputs: [title, text], outputs: [priority, department] });
    two.compile({ optimizer: 'rmsprop', loss: ['meanSquaredError', 'categoricalCrossentropy'], metrics: [['meanAbsoluteError'], ['accuracy']] });
    const h = await roundTrip(two, [dl.randomNormal([16, 10]), dl.randomNormal([16, 20])], [dl.randomUniform([16, 1]), dl.oneHot(dl.randomUniformInt([16], 0, 4), 4)]);
    expect(Object.keys(h)).toEqual(['loss', 'priority_loss', 'department_loss', 'priority_mean_absolute_error', 'department_accuracy']);

    const inputs = Input({ shape: [8] });
    const a = new Dense(8, { activation: 'relu' }).apply(inputs);
    const b = new Dense(8).apply(a);
    const residual = new Add().apply([inputs, b]);
    const out = new Dense(1).apply(residual);
    const res = new Model({ inputs, outputs: out });
    res.compile({ optimizer: 'adam', loss: 'mse' });
    await roundTrip(res, dl.randomNormal([16, 8]), dl.randomNormal([16, 1]));
  });
});
