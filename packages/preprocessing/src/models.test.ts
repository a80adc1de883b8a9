// The preprocessing outputs and layers in @dl/models' training loop: padded sequences and
// scaled tables go straight into fit, timeseries windows are a dataset fit iterates, and
// the augmentation and normalization layers sit inside a Sequential model.
import { describe, expect, it } from 'vitest';
import { Input, Dense, Flatten, Embedding } from '@dl/layers';
import { Sequential } from '@dl/models';
import { ones, randomUniform, setSeed, tensor2d, type Tensor } from '@dl/tensor';
import {
  Normalization, RandomFlip, RandomRotation, Rescaling, StandardScaler, padSequences, timeseriesDatasetFromArray, toCategorical,
} from '@dl/preprocessing';

describe('with @dl/models', () => {
  it('padSequences and toCategorical feed fit; an Embedding model learns which token a sequence holds', async () => {
    setSeed(1);
    const seqs = Array.from({ length: 64 }, (_, i) => Array.from({ length: 1 + (i % 5) }, () => 1 + (i % 3)));
    const x = padSequences(seqs, { maxlen: 6 });
    const y = toCategorical(seqs.map((s) => s[0]! - 1), 3);
    const model = new Sequential([Input({ shape: [6], dtype: 'int32' }), new Embedding(4, 4), new Flatten(), new Dense(3, { activation: 'softmax' })]);
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 40, batchSize: 16, verbose: 0 });
    expect(h.history['accuracy']!.at(-1)).toBeGreaterThan(0.9);
  });

  it('a timeseries dataset is what fit iterates; StandardScaler output trains a Normalization-free model', async () => {
    setSeed(2);
    const series = Array.from({ length: 60 }, (_, i) => [Math.sin(i / 3), Math.cos(i / 3)]);
    const scaled = await new StandardScaler().fitTransform(series);
    const targets = series.map((r) => r[0]!).slice(4);
    const ds = timeseriesDatasetFromArray(scaled, targets, { sequenceLength: 4, batchSize: 8 });
    const model = new Sequential([Input({ shape: [4, 2] }), new Flatten(), new Dense(1)]);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const h = await model.fit(ds, undefined, { epochs: 5, verbose: 0 });
    expect(h.history['loss']!.length).toBe(5);
    expect(h.history['loss']!.at(-1)!).toBeLessThan(h.history['loss']![0]!);
    ds.dispose();
  });

  it('Normalization, Rescaling and the augmentation layers inside a model: random in fit, identity in predict', async () => {
    setSeed(3);
    const norm = new Normalization();
    const images = randomUniform([16, 6, 6, 1], 0, 255);
    await norm.adapt(images);
    const model = new Sequential([
      Input({ shape: [6, 6, 1] }), new RandomFlip({ seed: 1 }), new RandomRotation({ factor: 0.1, seed: 1 }),
      new Rescaling({ scale: 1 / 255 }), norm, new Flatten(), new Dense(1, { activation: 'sigmoid' }),
    ]);
    model.compile({ optimizer: 'rmsprop', loss: 'binaryCrossentropy' });
    const labels = tensor2d(Array.from({ length: 16 }, (_, i) => [i % 2]));
    const h = await model.fit(images, labels, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(h.history['loss']!.every(Number.isFinite)).toBe(true);
    const pa = (await model.predict(ones([2, 6, 6, 1]))) as Tensor;
    const pb = (await model.predict(ones([2, 6, 6, 1]))) as Tensor;
    expect(pa.shape).toEqual([2, 1]);
    expect(Array.from(pa.dataSync())).toEqual(Array.from(pb.dataSync())); // no augmentation at inference
  });
});
