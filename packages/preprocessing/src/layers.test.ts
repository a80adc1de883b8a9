// The preprocessing layers against NumPy re-implementations of Keras' layers
// (fixtures/make_fixtures.py), plus serialization round trips, training-only randomness,
// seeding and typed errors.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, assertNoLeaks, ones, setSeed, slice, tensor, tensor1d, tensor2d, tensor3d, tensor4d, type Tensor } from '@dl/tensor';
import { deserializeLayer, serializeLayer, type Layer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';
import {
  CategoryEncoding, CenterCrop, Discretization, IntegerLookup, Normalization, RandomContrast, RandomFlip, RandomRotation,
  RandomTranslation, RandomZoom, Rescaling, Resizing, StringLookup, TextVectorization, registerPreprocessingLayers,
  type CategoryEncodingArgs, type StringLookupArgs, type IntegerLookupArgs, type TextVectorizationArgs,
} from '@dl/preprocessing';

/* eslint-disable @typescript-eslint/no-explicit-any */
const L = (JSON.parse(readFileSync(new URL('../fixtures/keras-parity.json', import.meta.url), 'utf8')) as any).layers;
const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

function close(t: Tensor, expected: unknown, what: string, tol = 1e-5): void {
  const e = flat(expected);
  const a = Array.from(t.dataSync());
  expect(a.length, what).toBe(e.length);
  a.forEach((v, i) => {
    if (!(Math.abs(v - e[i]!) <= tol * Math.max(1, Math.abs(e[i]!)))) throw new Error(`${what}[${i}]: expected ${e[i]}, received ${v}`);
  });
}

/** Serializes through JSON and back; the copy must give the same output. */
function roundTrip<T extends Layer>(layer: T): T {
  return deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(layer)))) as T;
}

const Cls: Record<string, any> = { RandomRotation, RandomZoom, RandomTranslation, Resizing, CenterCrop };

beforeAll(() => registerPreprocessingLayers());

describe('TextVectorization (Keras parity)', () => {
  for (const c of L.textVectorization.cases) {
    it(`vocabulary and outputs: ${JSON.stringify(c.options)}`, async () => {
      const tv = new TextVectorization(c.options as TextVectorizationArgs);
      await tv.adapt(L.textVectorization.corpus);
      expect(tv.getVocabulary()).toEqual(c.vocabulary);
      if (c.idf) close(tensor1d(tv.getIdfWeights()!), c.idf, 'idf');
      const y = tv.apply(tensor(L.textVectorization.queries));
      close(y, c.expected, 'output');
      close(roundTrip(tv).apply(tensor(L.textVectorization.queries)), c.expected, 'after a JSON round trip');
    });
  }

  it('the documented example; [batch, 1] input; adapt on batches of tensors', async () => {
    const tv = new TextVectorization({ maxTokens: 5000, outputSequenceLength: 4 });
    await tv.adapt([tensor(['foo bar', 'bar baz']), tensor(['baz bada boom'])]);
    expect(await tv.apply(tensor([['foo qux bar'], ['qux baz']])).array()).toEqual([[4, 1, 3, 0], [1, 2, 0, 0]]);
    expect(tv.computeOutputShape([null, 1])).toEqual([null, 4]);
  });
});

describe('StringLookup and IntegerLookup (Keras parity)', () => {
  for (const c of L.stringLookup.cases) {
    it(`StringLookup ${JSON.stringify(c.options)}`, async () => {
      const lk = new StringLookup(c.options as StringLookupArgs);
      await lk.adapt(L.stringLookup.data);
      expect(lk.getVocabulary()).toEqual(c.vocabulary);
      if (c.idf) close(tensor1d(lk.getIdfWeights()!), c.idf, 'idf');
      close(lk.apply(tensor(c.query)), c.expected, 'output');
      close(roundTrip(lk).apply(tensor(c.query)), c.expected, 'after a JSON round trip');
    });
  }
  for (const c of L.integerLookup.cases) {
    it(`IntegerLookup ${JSON.stringify(c.options)}`, async () => {
      const lk = new IntegerLookup(c.options as IntegerLookupArgs);
      await lk.adapt(tensor(L.integerLookup.data, undefined, 'int32'));
      expect(lk.getVocabulary()).toEqual(c.vocabulary);
      close(lk.apply(tensor(c.query, undefined, 'int32')), c.expected, 'output');
      close(roundTrip(lk).apply(tensor(c.query, undefined, 'int32')), c.expected, 'after a JSON round trip');
    });
  }

  it('a given vocabulary with or without its special tokens; OOV with numOovIndices 0 raises', () => {
    const a = new StringLookup({ vocabulary: ['[UNK]', 'x', 'y'] });
    const b = new StringLookup({ vocabulary: ['x', 'y'] });
    expect(a.getVocabulary()).toEqual(b.getVocabulary());
    expect(() => new StringLookup({ vocabulary: ['x'], numOovIndices: 0 }).apply(tensor(['q']))).toThrow(/numOovIndices` 0/);
    expect(() => new StringLookup({ vocabulary: ['x', 'x'] })).toThrow(ConfigError);
  });
});

describe('Normalization, Discretization, CategoryEncoding, Rescaling (Keras parity)', () => {
  for (const c of L.normalization.cases) {
    it(`Normalization adapt, axis ${JSON.stringify(c.axis)}, and invert`, async () => {
      const x = tensor3d(L.normalization.x);
      const n = new Normalization({ axis: c.axis });
      await n.adapt(x);
      close(n.apply(x), c.expected, 'normalized', 1e-4);
      const given = new Normalization({ axis: c.axis, mean: c.mean, variance: c.variance, invert: true });
      close(given.apply(x), c.inverted, 'inverted', 1e-4);
      // adapted statistics are weights: a copy from the config gets them through setWeights
      const copy = roundTrip(n);
      copy.apply(x).dispose();
      copy.setWeights(n.getWeights());
      close(copy.apply(x), c.expected, 'copy with the weights', 1e-4);
    });
  }

  it('Normalization adapts on batches exactly like on the whole data', async () => {
    const x = tensor3d(L.normalization.x);
    const n = new Normalization();
    const rows = [0, 1, 2].map((i) => slice(x, [i, 0, 0], [1, 4, 3]));
    await n.adapt(rows);
    close(n.apply(x), L.normalization.cases[0].expected, 'batched adapt', 1e-4);
  });

  it('Discretization: fixed edges, and Keras\' quantile summary for numBins', async () => {
    const f = L.discretization.fixed;
    expect(await new Discretization({ binBoundaries: f.edges }).apply(tensor2d(f.x)).array()).toEqual(f.expected);
    for (const c of L.discretization.cases) {
      const d = new Discretization({ numBins: c.numBins, epsilon: c.epsilon });
      await d.adapt(tensor1d(L.discretization.data));
      close(tensor1d(d.binBoundaries!), c.edges, `edges for ${c.numBins} bins`, 1e-5);
      expect(Array.from(d.apply(tensor1d(L.discretization.data.slice(0, 10))).dataSync())).toEqual(c.expected);
      expect(roundTrip(d).binBoundaries).toEqual(d.binBoundaries);
    }
  });

  it('CategoryEncoding: multiHot, oneHot, count', () => {
    for (const c of L.categoryEncoding) {
      const layer = new CategoryEncoding({ numTokens: 4, outputMode: c.outputMode } as CategoryEncodingArgs);
      const y = layer.apply(tensor(c.x, undefined, 'int32'));
      expect(y.shape).toEqual(layer.computeOutputShape(tensor(c.x).shape));
      close(y, c.expected, `${c.outputMode} ${JSON.stringify(c.x)}`);
    }
  });

  it('Rescaling, Normalization, Resizing, CenterCrop and the random layers pass runLayerTest', async () => {
    await runLayerTest(Rescaling, { args: [{ scale: 1 / 255, offset: -1 }], inputShape: [2, 3], expectedOutputShape: [2, 3] });
    await runLayerTest(Normalization, { args: [{ mean: [1, 2, 3], variance: [1, 4, 9] }], inputShape: [2, 3], expectedOutputShape: [2, 3] });
    await runLayerTest(Resizing, { args: [{ height: 3, width: 2 }], inputShape: [2, 6, 4, 3], expectedOutputShape: [2, 3, 2, 3] });
    await runLayerTest(CenterCrop, { args: [{ height: 2, width: 2 }], inputShape: [2, 5, 4, 1], expectedOutputShape: [2, 2, 2, 1] });
    await runLayerTest(RandomFlip, { args: [{ seed: 1 }], inputShape: [2, 4, 4, 3], expectedOutputShape: [2, 4, 4, 3] });
    await runLayerTest(RandomRotation, { args: [{ factor: 0.2, seed: 1 }], inputShape: [2, 4, 4, 3], expectedOutputShape: [2, 4, 4, 3] });
    await runLayerTest(RandomContrast, { args: [{ factor: 0.5, seed: 1 }], inputShape: [2, 4, 4, 3], expectedOutputShape: [2, 4, 4, 3] });
  });
});

describe('image layers (Keras parity)', () => {
  for (const c of L.resize.cases) {
    it(`${c.layer} ${JSON.stringify(c.args)}`, () => {
      const layer = new Cls[c.layer](c.args);
      close(layer.apply(tensor4d(L.resize.image)), c.expected, c.layer, 1e-4);
      close(roundTrip(layer).apply(tensor4d(L.resize.image)), c.expected, 'after a JSON round trip', 1e-4);
    });
  }
  for (const c of L.affine.cases) {
    it(`${c.layer} with a fixed factor: TF's projective transform ${JSON.stringify(c.args)}`, () => {
      const layer = new Cls[c.layer](c.args);
      close(layer.apply(tensor4d(L.affine.image), { training: true }), c.expected, c.layer, 1e-3);
      close(layer.apply(tensor3d(L.affine.image[1]), { training: true }), c.expected[1], `${c.layer} on one image`, 1e-3);
    });
  }
});

describe('augmentation: training only, seeded, serializable', () => {
  const img = (): Tensor => tensor4d(L.affine.image);
  const layers = (): Layer[] => [
    new RandomFlip({ seed: 3 }), new RandomRotation({ factor: 0.2, seed: 3 }), new RandomZoom({ heightFactor: 0.3, seed: 3 }),
    new RandomTranslation({ heightFactor: 0.2, widthFactor: 0.2, seed: 3 }), new RandomContrast({ factor: 0.5, seed: 3 }),
  ];

  it('identity at inference; random in training; the same seed repeats; a copy from the config too', () => {
    const a = layers();
    const b = layers();
    a.forEach((layer, i) => {
      const x = img();
      close(layer.apply(x), flat(L.affine.image), `${layer.name} at inference`, 0);
      const y1 = Array.from(layer.apply(x, { training: true }).dataSync());
      const y2 = Array.from(b[i]!.apply(x, { training: true }).dataSync());
      expect(y1, `${layer.name} same seed`).toEqual(y2);
      const copy = roundTrip(layers()[i]!);
      expect(Array.from(copy.apply(x, { training: true }).dataSync()), `${layer.name} from config`).toEqual(y1);
    });
  });

  it('without a seed, the global seed makes augmentation repeatable', () => {
    setSeed(11);
    const y1 = Array.from(new RandomRotation({ factor: 0.3 }).apply(img(), { training: true }).dataSync());
    setSeed(11);
    const y2 = Array.from(new RandomRotation({ factor: 0.3 }).apply(img(), { training: true }).dataSync());
    expect(y1).toEqual(y2);
    expect(y1).not.toEqual(flat(L.affine.image));
  });

  it('RandomFlip gives each image itself or its mirror; RandomContrast is (x - mean) * c + mean with c in range', () => {
    const x = img();
    const [h, w, ch] = [5, 7, 2];
    const src = flat(L.affine.image);
    const y = Array.from(new RandomFlip({ mode: 'horizontal', seed: 5 }).apply(x, { training: true }).dataSync());
    for (let b = 0; b < 2; b++) {
      const at = (arr: number[], i: number, j: number, k: number): number => arr[((b * h + i) * w + j) * ch + k]!;
      let same = true;
      let mirror = true;
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < ch; k++) {
        same &&= at(y, i, j, k) === at(src, i, j, k);
        mirror &&= at(y, i, j, k) === at(src, i, w - 1 - j, k);
      }
      expect(same || mirror).toBe(true);
    }
    const ones4 = ones([1, 2, 2, 1]);
    expect(Array.from(new RandomContrast({ factor: 0.9, seed: 2 }).apply(ones4, { training: true }).dataSync())).toEqual([1, 1, 1, 1]);
    const z = Array.from(new RandomContrast({ factor: [0.2, 0.2], seed: 2, valueRange: [-1000, 1000] }).apply(x, { training: true }).dataSync());
    const mean0 = (() => {
      let s = 0;
      for (let i = 0; i < h * w; i++) s += src[i * ch]!;
      return s / (h * w);
    })();
    const c = (z[0]! - mean0) / (src[0]! - mean0);
    expect(c).toBeGreaterThanOrEqual(0.8 - 1e-4);
    expect(c).toBeLessThanOrEqual(1.2 + 1e-4);
    for (let i = 1; i < h * w; i++) expect(Math.abs(z[i * ch]! - (mean0 + (src[i * ch]! - mean0) * c))).toBeLessThan(1e-2);
  });

  it('no tensors leak from the layers', async () => {
    const tv = new TextVectorization({ outputMode: 'tfIdf' });
    await tv.adapt(['a b', 'b c']);
    const il = new IntegerLookup({ vocabulary: [3, 1, 2] });
    const n = new Normalization({ mean: 1, variance: 4 });
    const x = img();
    const ids = tensor1d([1, 5], 'int32');
    const strings = tensor(['a c', 'z']);
    const all = layers();
    for (const l of all) l.apply(x, { training: true }).dispose(); // build first
    await assertNoLeaks(() => {
      for (const l of all) l.apply(x, { training: true }).dispose();
      tv.apply(strings).dispose();
      il.apply(ids).dispose();
      n.apply(x).dispose();
      new Resizing({ height: 2, width: 3 }).apply(x).dispose();
    });
  });
});

describe('typed errors', () => {
  it('adapt on empty data, bad arguments, use before adapt', async () => {
    await expect(new TextVectorization().adapt([])).rejects.toThrow(/adapt on|empty data/);
    await expect(new StringLookup().adapt(tensor([], [0], 'string'))).rejects.toThrow(ConfigError);
    await expect(new Normalization().adapt(tensor2d([], [0, 3]))).rejects.toThrow(/received empty data/);
    await expect(new Normalization().adapt(tensor2d([[1, NaN]]))).rejects.toThrow(/received NaN/);
    await expect(new Discretization({ numBins: 3 }).adapt([])).rejects.toThrow(ConfigError);
    expect(() => new TextVectorization().apply(tensor(['a']))).toThrow(/has no vocabulary/);
    expect(() => new TextVectorization({ outputMode: 'multiHot', outputSequenceLength: 3 })).toThrow(/`outputSequenceLength`/);
    expect(() => new TextVectorization({ ngrams: 0 })).toThrow(/`ngrams`/);
    expect(() => new StringLookup({ outputMode: 'bogus' as 'int' })).toThrow(/`outputMode`/);
    expect(() => new CategoryEncoding({ numTokens: 0 })).toThrow(/`numTokens`/);
    expect(() => new Discretization({})).toThrow(/`binBoundaries` or `numBins`/);
    expect(() => new RandomRotation({ factor: 2 })).toThrow(/`factor`/);
    expect(() => new RandomFlip({ mode: 'diagonal' as 'vertical' })).toThrow(/`mode`/);
    expect(() => new RandomZoom({ heightFactor: 0.2, fillMode: 'mirror' as 'wrap' })).toThrow(/`fillMode`/);
    expect(() => new Resizing({ height: 0, width: 2 })).toThrow(/`height`/);
    expect(() => new Rescaling({ scale: NaN })).toThrow(/`scale`/);
    expect(() => new RandomFlip().apply(ones([2, 3]), { training: true })).toThrow(/rank 3/);
  });
});
