// What `@dl/backend-wasm/dense/register` promises: the models it is for train on wasm
// without reaching a kernel it leaves out (those throw a BackendError naming
// `@dl/backend-wasm/register`). One fit step each for every non-convolutional,
// non-recurrent layer, every built-in loss, metric and optimizer by name. In Node the
// entry loads tfjs-backend-wasm itself and replaces the left-out kernels with the same
// throwing ones as in a browser bundle, so the kernels available are the same.
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/dense/register';
import {
  ActivityRegularization, Activation, Add, Average, BatchNormalization, Concatenate, Cropping1D, Cropping2D, Dense, Dot,
  Dropout, Embedding, Flatten, GaussianDropout, GaussianNoise, Input, LayerNormalization, Masking, Maximum, Minimum,
  MultiHeadAttention, Multiply, Permute, RepeatVector, Reshape, SpatialDropout1D, Subtract, UpSampling1D, UpSampling2D,
  ZeroPadding1D, ZeroPadding2D, type Layer,
} from '@dl/layers';
import { Model, Sequential } from '@dl/models';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await dl.setBackend('wasm');
  dl.setSeed(3);
});

const N = 8;

async function fitOnce(model: Model, x: dl.Tensor | dl.Tensor[], y: dl.Tensor, compile: Parameters<Model['compile']>[0]): Promise<number> {
  model.compile(compile);
  const history = await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  return history.history['loss']![0]!;
}

describe('@dl/backend-wasm/dense/register trains, on wasm', () => {
  const layers: [string, () => Layer, number[], 'float32' | 'int32'][] = [
    ['Dense', () => new Dense(3, { activation: 'relu' }), [4], 'float32'],
    ['Embedding', () => new Embedding(10, 3), [5], 'int32'],
    ['Activation', () => new Activation('tanh'), [4], 'float32'],
    ['Masking', () => new Masking(), [3, 4], 'float32'],
    ['Flatten', () => new Flatten(), [2, 3], 'float32'],
    ['Reshape', () => new Reshape([3, 2]), [6], 'float32'],
    ['Permute', () => new Permute([2, 1]), [2, 3], 'float32'],
    ['RepeatVector', () => new RepeatVector(2), [3], 'float32'],
    ['BatchNormalization', () => new BatchNormalization(), [4], 'float32'],
    ['LayerNormalization', () => new LayerNormalization(), [4], 'float32'],
    ['Dropout', () => new Dropout(0.5), [4], 'float32'],
    ['SpatialDropout1D', () => new SpatialDropout1D(0.5), [3, 4], 'float32'],
    ['GaussianNoise', () => new GaussianNoise(0.1), [4], 'float32'],
    ['GaussianDropout', () => new GaussianDropout(0.1), [4], 'float32'],
    ['ActivityRegularization', () => new ActivityRegularization({ l2: 0.01 }), [4], 'float32'],
    ['Cropping1D', () => new Cropping1D(1), [4, 2], 'float32'],
    ['ZeroPadding1D', () => new ZeroPadding1D(1), [3, 2], 'float32'],
    ['UpSampling1D', () => new UpSampling1D(2), [3, 2], 'float32'],
    ['Cropping2D', () => new Cropping2D(1), [4, 4, 1], 'float32'],
    ['ZeroPadding2D', () => new ZeroPadding2D(1), [2, 2, 1], 'float32'],
    ['UpSampling2D', () => new UpSampling2D(2), [2, 2, 1], 'float32'],
  ];

  it.each(layers)('%s', async (_, layer, shape, dtype) => {
    const model = new Sequential([Input({ shape, dtype }), layer(), new Flatten(), new Dense(1)]);
    const x = dtype === 'int32' ? dl.randomUniformInt([N, ...shape], 0, 10) : dl.randomNormal([N, ...shape]);
    expect(Number.isFinite(await fitOnce(model, x, dl.randomNormal([N, 1]), { optimizer: 'adam', loss: 'mse' }))).toBe(true);
  });

  it.each([
    ['Add', () => new Add()], ['Subtract', () => new Subtract()], ['Multiply', () => new Multiply()], ['Average', () => new Average()],
    ['Maximum', () => new Maximum()], ['Minimum', () => new Minimum()], ['Concatenate', () => new Concatenate()], ['Dot', () => new Dot(1)],
  ] as const)('%s', async (_, merge) => {
    const a = Input({ shape: [4] });
    const b = Input({ shape: [4] });
    const out = new Dense(1).apply(merge().apply([new Dense(4).apply(a), new Dense(4).apply(b)]));
    const model = new Model({ inputs: [a, b], outputs: out });
    const loss = await fitOnce(model, [dl.randomNormal([N, 4]), dl.randomNormal([N, 4])], dl.randomNormal([N, 1]), { loss: 'mse' });
    expect(Number.isFinite(loss)).toBe(true);
  });

  it('MultiHeadAttention', async () => {
    const q = Input({ shape: [3, 4] });
    const v = Input({ shape: [5, 4] });
    const out = new Dense(1).apply(new Flatten().apply(new MultiHeadAttention(2, 2).apply([q, v])));
    const model = new Model({ inputs: [q, v], outputs: out });
    const loss = await fitOnce(model, [dl.randomNormal([N, 3, 4]), dl.randomNormal([N, 5, 4])], dl.randomNormal([N, 1]), { loss: 'mse' });
    expect(Number.isFinite(loss)).toBe(true);
  });

  const probabilities = () => new Sequential([Input({ shape: [4] }), new Dense(3, { activation: 'softmax' })]);
  const oneHot = () => dl.oneHot(dl.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
  const binary = () => dl.tensor2d([[0], [1], [1], [0], [1], [0], [0], [1]]);
  const sigmoid = () => new Sequential([Input({ shape: [4] }), new Dense(1, { activation: 'sigmoid' })]);

  it.each([
    'huber', 'mse', 'mae', 'mape', 'msle', 'logCosh', 'categoricalCrossentropy', 'kld', 'poisson', 'categoricalHinge',
    'cosineSimilarity', 'categoricalFocalCrossentropy',
  ])('loss %s (softmax outputs, one-hot labels)', async (loss) => {
    expect(Number.isFinite(await fitOnce(probabilities(), dl.randomNormal([N, 4]), oneHot(), { loss }))).toBe(true);
  });

  it.each(['binaryCrossentropy', 'binaryFocalCrossentropy', 'hinge', 'squaredHinge'])('loss %s (sigmoid output, 0/1 labels)', async (loss) => {
    expect(Number.isFinite(await fitOnce(sigmoid(), dl.randomNormal([N, 4]), binary(), { loss }))).toBe(true);
  });

  it('loss sparseCategoricalCrossentropy, metrics sparseCategoricalAccuracy and sparseTopKCategoricalAccuracy', async () => {
    const labels = dl.tensor2d([[0], [1], [2], [0], [1], [2], [0], [1]], undefined, 'int32');
    const loss = await fitOnce(probabilities(), dl.randomNormal([N, 4]), labels,
      { loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'sparseCategoricalAccuracy', 'sparseTopKCategoricalAccuracy'] });
    expect(Number.isFinite(loss)).toBe(true);
  });

  it('metrics on softmax outputs: accuracy, categorical, top-k, precision, recall, AUC, F1, F-beta, regression ones', async () => {
    const metrics = ['accuracy', 'categoricalAccuracy', 'topKCategoricalAccuracy', 'precision', 'recall', 'auc', 'f1Score', 'fBetaScore',
      'mse', 'mae', 'mape', 'rmse', 'r2Score'];
    const model = probabilities();
    model.compile({ loss: 'categoricalCrossentropy', metrics });
    const history = await model.fit(dl.randomNormal([N, 4]), oneHot(), { epochs: 1, batchSize: 4, verbose: 0 });
    for (const name of ['accuracy', 'precision', 'recall', 'auc']) expect(Number.isFinite(history.history[name]![0]!), name).toBe(true);
  });

  it.each(['sgd', 'rmsprop', 'adam', 'adamw', 'adagrad', 'adadelta', 'adamax', 'nadam', 'lion'])('optimizer %s', async (optimizer) => {
    const model = new Sequential([Input({ shape: [4] }), new Dense(2)]);
    expect(Number.isFinite(await fitOnce(model, dl.randomNormal([N, 4]), dl.randomNormal([N, 2]), { optimizer, loss: 'mse' }))).toBe(true);
  });
});
