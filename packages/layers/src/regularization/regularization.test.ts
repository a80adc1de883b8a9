// Random layers: identity in inference, seeded repeatability, the statistics of training mode
// (moments of a large tensor), and ActivityRegularization's loss computed by hand.
import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, type Tensor } from '@dl/tensor';
import { ActivityRegularization, Dropout, GaussianDropout, GaussianNoise, SpatialDropout1D, SpatialDropout2D, getMask, setMask, type Layer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-helpers';

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

async function moments(t: Tensor): Promise<{ mean: number; variance: number; zeros: number }> {
  const v = await values(t);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  return { mean, variance, zeros: v.filter((x) => x === 0).length / v.length };
}

describe('random regularization layers', () => {
  const make: [string, (seed?: number) => Layer][] = [
    ['Dropout', (seed) => new Dropout(0.3, { seed: seed ?? null })],
    ['SpatialDropout1D', (seed) => new SpatialDropout1D(0.3, { seed: seed ?? null })],
    ['GaussianNoise', (seed) => new GaussianNoise(0.5, { seed: seed ?? null })],
    ['GaussianDropout', (seed) => new GaussianDropout(0.3, { seed: seed ?? null })],
  ];
  for (const [name, layer] of make) {
    it(`${name}: identity in inference; seeded masks repeat per construction and change per call`, async () => {
      const x = dl.randomNormal([2, 4, 3]);
      await expectClose(layer().apply(x), x, `${name} inference`, 0, 0);
      const a = layer(42);
      const b = layer(42);
      const [a1, a2, b1] = [a.apply(x, { training: true }), a.apply(x, { training: true }), b.apply(x, { training: true })];
      expect(await values(a1)).toEqual(await values(b1));
      expect(await values(a1)).not.toEqual(await values(a2));
      dl.setSeed(3);
      const g1 = await values(layer().apply(x, { training: true }));
      dl.setSeed(3);
      expect(await values(layer().apply(x, { training: true }))).toEqual(g1);
    });
  }

  it('pass runLayerTest', async () => {
    await runLayerTest(Dropout, { args: [0.5, { noiseShape: [null, 1, null] }], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], supportsMasking: true });
    await runLayerTest(SpatialDropout1D, { args: [0.5], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] });
    await runLayerTest(SpatialDropout2D, { args: [0.5, { dataFormat: 'channelsFirst' }], inputShape: [2, 3, 4, 4], expectedOutputShape: [2, 3, 4, 4] });
    await runLayerTest(GaussianNoise, { args: [0.1, { seed: 1 }], inputShape: [2, 3], expectedOutputShape: [2, 3], supportsMasking: true });
    await runLayerTest(GaussianDropout, { args: [0.1], inputShape: [2, 3], expectedOutputShape: [2, 3] });
    await runLayerTest(ActivityRegularization, { args: [{ l1: 0.1, l2: 0.2 }], inputShape: [2, 3], expectedOutputShape: [2, 3], supportsMasking: true });
  });

  it('Dropout: inverted dropout keeps the mean of a large tensor, drops about `rate`, scales by 1/(1-rate)', async () => {
    dl.setSeed(1);
    const x = dl.ones([200, 500]);
    const y = new Dropout(0.4).apply(x, { training: true });
    const m = await moments(y);
    expect(Math.abs(m.mean - 1)).toBeLessThan(0.01); // 100,000 draws: std of the mean ~0.0027
    expect(Math.abs(m.zeros - 0.4)).toBeLessThan(0.005);
    expect(new Set((await values(y)).map((v) => v.toFixed(4)))).toEqual(new Set(['0.0000', (1 / 0.6).toFixed(4)]));
    expect(await values(new Dropout(1).apply(dl.ones([2, 2]), { training: true }))).toEqual([0, 0, 0, 0]);
  });

  it('Dropout noiseShape and SpatialDropout drop whole channels', async () => {
    dl.setSeed(2);
    const x = dl.ones([4, 6, 8]);
    for (const y of [new Dropout(0.5, { noiseShape: [null, 1, null] }).apply(x, { training: true }), new SpatialDropout1D(0.5).apply(x, { training: true })]) {
      const v = (await y.array()) as number[][][];
      for (const sample of v) for (let c = 0; c < 8; c++) expect(new Set(sample.map((row) => row[c]))).toHaveProperty('size', 1);
    }
    const img = (await new SpatialDropout2D(0.5).apply(dl.ones([2, 3, 3, 5]), { training: true }).array()) as number[][][][];
    for (const sample of img) for (let c = 0; c < 5; c++) expect(new Set(sample.flat().map((px) => px[c]))).toHaveProperty('size', 1);
  });

  it('GaussianNoise and GaussianDropout have the stated moments', async () => {
    dl.setSeed(4);
    const noise = await moments(dl.sub(new GaussianNoise(0.5).apply(dl.ones([100000]), { training: true }), 1));
    expect(Math.abs(noise.mean)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(noise.variance) - 0.5)).toBeLessThan(0.01);
    const drop = await moments(new GaussianDropout(0.2).apply(dl.ones([100000]), { training: true }));
    expect(Math.abs(drop.mean - 1)).toBeLessThan(0.01);
    expect(Math.abs(drop.variance - 0.25)).toBeLessThan(0.01); // rate / (1 - rate)
  });

  it('pass masks through', () => {
    const x = dl.ones([1, 2, 3]);
    const mask = dl.tensor2d([[1, 0]], [1, 2], 'bool');
    setMask(x, mask);
    for (const layer of [new Dropout(0.5), new GaussianNoise(0.1), new GaussianDropout(0.1), new ActivityRegularization()]) {
      expect(getMask(layer.apply(x, { training: true }))).toBe(mask);
    }
  });

  it('validate their arguments', () => {
    expect(() => new Dropout(1.5)).toThrow('Invalid `rate` for Dropout');
    expect(() => new Dropout(0.5, { noiseShape: [0] })).toThrow(ConfigError);
    expect(() => new Dropout(0.5, { seed: -1 })).toThrow('Invalid `seed`');
    expect(() => new Dropout(0.5, { noiseShape: [1, 2] }).apply(dl.ones([2, 2, 2]), { training: true })).toThrow(ShapeError);
    expect(() => new SpatialDropout1D(0.5).apply(dl.ones([2, 2]))).toThrow('expected ndim 3');
    expect(() => new SpatialDropout2D(0.5, { dataFormat: 'nhwc' as 'channelsLast' })).toThrow('Invalid `dataFormat`');
    expect(() => new GaussianNoise(2)).toThrow('Invalid `stddev`');
    expect(() => new GaussianDropout(1)).toThrow('Invalid `rate`');
    expect(() => new ActivityRegularization({ l1: -1 })).toThrow('Invalid `l1`');
  });
});

describe('ActivityRegularization', () => {
  it('adds l1 * sum|x| + l2 * sum x² to losses (Keras 3: not divided by the batch size) and returns its input', async () => {
    const layer = new ActivityRegularization({ l1: 0.1, l2: 0.01 });
    const x = dl.tensor2d([[1, -2], [3, 0]]);
    await expectClose(layer.apply(x), x, 'identity', 0, 0);
    expect(layer.losses).toHaveLength(1);
    await expectClose(layer.losses[0]!, [0.1 * 6 + 0.01 * 14], 'loss');
    expect(layer.getConfig()).toMatchObject({ l1: 0.1, l2: 0.01 });
    expect(layer.getConfig()).not.toHaveProperty('activityRegularizer');
  });
});
