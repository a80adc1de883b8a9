// Outputs against Keras' documented behaviour: fixtures/make_fixtures.py re-implements
// pad_sequences, to_categorical, the legacy Tokenizer, normalize, the book's recipes and
// scikit-learn's scalers/imputer/split sizes in NumPy; here @dl/preprocessing runs the
// same inputs on the cpu backend.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor2d, type Tensor } from '@dl/tensor';
import {
  MinMaxScaler, SimpleImputer, StandardScaler, Tokenizer, kFold, multiHot, normalize, padSequences,
  textToWordSequence, timeseriesDatasetFromArray, toCategorical, trainTestSplitIndices,
  type ImputeStrategy, type MatrixMode, type NestedLabels, type PadSequencesOptions, type TimeseriesOptions, type TokenizerOptions,
} from '@dl/preprocessing';

/* eslint-disable @typescript-eslint/no-explicit-any */
const F = JSON.parse(readFileSync(new URL('../fixtures/keras-parity.json', import.meta.url), 'utf8')) as any;
const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
const TOL = 1e-5;

function close(t: Tensor, expected: unknown, what: string, tol = TOL): void {
  const e = flat(expected);
  const a = Array.from(t.dataSync());
  expect(a.length, what).toBe(e.length);
  a.forEach((v, i) => {
    if (!(Math.abs(v - e[i]!) <= tol * Math.max(1, Math.abs(e[i]!)))) throw new Error(`${what}[${i}]: expected ${e[i]}, received ${v}`);
  });
}

describe('Keras parity (NumPy fixtures)', () => {
  it('padSequences: every padding / truncating / maxlen / value / dtype case', () => {
    for (const c of F.padSequences) {
      const t = padSequences(c.sequences, c.options as PadSequencesOptions);
      expect(t.dtype).toBe(c.dtype);
      expect(t.shape).toEqual([c.expected.length, c.expected[0].length]);
      close(t, c.expected, `padSequences ${JSON.stringify(c.options)}`, 0);
    }
  });

  it('toCategorical: inferred and given numClasses, the (..., 1) squeeze, nested input', () => {
    for (const c of F.toCategorical) {
      const t = toCategorical(c.x as NestedLabels, c.numClasses ?? undefined);
      expect(t.shape, JSON.stringify(c.x)).toEqual(c.shape);
      close(t, c.expected, `toCategorical ${JSON.stringify(c.x)}`, 0);
    }
  });

  it('multiHot: the book\'s vectorize_sequences', () => {
    close(multiHot(F.multiHot.sequences, F.multiHot.dimension), F.multiHot.expected, 'multiHot', 0);
  });

  it('textToWordSequence: Keras\' filters, lowercasing and splitting', () => {
    for (const c of F.textToWordSequence) expect(textToWordSequence(c.text)).toEqual(c.expected);
  });

  describe('Tokenizer', () => {
    for (const c of F.tokenizer.cases) {
      it(`word index, sequences, texts and the four matrix modes: ${JSON.stringify(c.options)}`, () => {
        const tok = new Tokenizer(c.options as TokenizerOptions);
        tok.fitOnTexts(F.tokenizer.corpus);
        expect([...tok.wordIndex].sort((a, b) => a[1] - b[1])).toEqual(c.wordIndex);
        expect(tok.documentCount).toBe(c.documentCount);
        const seqs = tok.textsToSequences(F.tokenizer.queries);
        expect(seqs).toEqual(c.sequences);
        expect(tok.sequencesToTexts([...seqs, [0, 1, 2, 999]])).toEqual(c.texts);
        for (const mode of ['binary', 'count', 'freq', 'tfidf'] as MatrixMode[]) {
          close(tok.sequencesToMatrix(seqs, mode), c.matrices[mode], `${mode} ${JSON.stringify(c.options)}`);
          if (mode === 'tfidf') close(tok.textsToMatrix(F.tokenizer.queries, mode), c.matrices[mode], 'textsToMatrix tfidf');
        }
        const back = Tokenizer.fromJSON(JSON.stringify(tok.toJSON()));
        expect(back.textsToSequences(F.tokenizer.queries)).toEqual(c.sequences);
        close(back.textsToMatrix(F.tokenizer.queries, 'tfidf'), c.matrices.tfidf, 'tfidf after a JSON round trip');
      });
    }
  });

  it('normalize: orders 1, 2, 3 and Infinity, both axes, zero rows', () => {
    for (const c of F.normalize.cases) {
      close(normalize(F.normalize.x, c.axis, c.order === 'Infinity' ? Infinity : c.order), c.expected, `normalize ${c.axis} ${c.order}`);
    }
  });

  it('StandardScaler: fitted on the training data, applied to the test data (the Boston recipe)', async () => {
    const s = await new StandardScaler().fit(tensor2d(F.standard.train));
    expect(Array.from(s.mean!).every((m, j) => Math.abs(m - F.standard.mean[j]) < 1e-9 * Math.max(1, Math.abs(m)))).toBe(true);
    expect(Array.from(s.std!).every((m, j) => Math.abs(m - F.standard.std[j]) < 1e-9 * Math.max(1, Math.abs(m)))).toBe(true);
    close(s.transform(F.standard.test), F.standard.expected, 'standardized test data');
    close(s.inverseTransform(s.transform(F.standard.test)), F.standard.test, 'inverse', 1e-4);
    close(StandardScaler.fromJSON(s.toJSON()).transform(F.standard.test), F.standard.expected, 'after toJSON / fromJSON');
  });

  it('MinMaxScaler: [0, 1] and a custom range', async () => {
    const s = await new MinMaxScaler().fit(F.minmax.train);
    close(s.transform(F.minmax.test), F.minmax.expected, 'minmax');
    const r = await new MinMaxScaler({ featureRange: [-2, 2] }).fit(F.minmax.train);
    close(r.transform(F.minmax.test), F.minmax.expectedRange, 'minmax [-2, 2]');
    close(MinMaxScaler.fromJSON(r.toJSON()).transform(F.minmax.test), F.minmax.expectedRange, 'after toJSON / fromJSON');
  });

  it('SimpleImputer: mean, median, most frequent, constant; NaN-aware', async () => {
    const data = (F.impute.data as (number | null)[][]).map((row) => row.map((v) => (v === null ? NaN : v)));
    for (const c of F.impute.cases) {
      const imp = await new SimpleImputer({ strategy: c.strategy as ImputeStrategy, ...(c.fillValue === null ? {} : { fillValue: c.fillValue }) }).fit(data);
      expect(Array.from(imp.statistics!).map((v) => Number(v.toFixed(9)))).toEqual(c.statistics.map((v: number) => Number(v.toFixed(9))));
      close(imp.transform(data), c.expected, `impute ${c.strategy}`);
    }
  });

  it('kFold: the book\'s folds (numValSamples = floor(n / k))', () => {
    for (const c of F.kFold) {
      const folds = kFold(c.n, c.k);
      expect(folds.map((f) => ({ validation: Array.from(f.validation), train: Array.from(f.train) }))).toEqual(c.folds);
    }
  });

  it('trainTestSplitIndices: scikit-learn\'s part sizes', () => {
    for (const c of F.splitSizes) {
      const opts: { testSize?: number; trainSize?: number; seed: number } = { seed: 3 };
      if (c.testSize !== null) opts.testSize = c.testSize;
      if (c.trainSize !== null) opts.trainSize = c.trainSize;
      const { train, test } = trainTestSplitIndices(c.n, opts);
      expect([train.length, test.length], JSON.stringify(c)).toEqual([c.train, c.test]);
      expect(new Set([...train, ...test]).size).toBe(c.train + c.test);
    }
  });

  it('trainTestSplitIndices with stratify: the per-class counts of the allocation rule', () => {
    for (const c of F.stratified) {
      const { train, test } = trainTestSplitIndices(c.labels.length, { testSize: c.testSize, stratify: c.labels, seed: 11 });
      const count = (idx: Int32Array, k: number): number => Array.from(idx).filter((i) => c.labels[i] === k).length;
      expect(c.classes.map((k: number) => count(test, k))).toEqual(c.testCounts);
      expect(c.classes.map((k: number) => count(train, k))).toEqual(c.trainCounts);
    }
  });

  it('timeseriesDatasetFromArray: Keras\' windows, strides, sampling rate, start/end index and targets', () => {
    for (const c of F.timeseries) {
      const ds = timeseriesDatasetFromArray(c.data, c.targets, c.options as TimeseriesOptions);
      const batches = [...ds];
      expect(batches.length, JSON.stringify(c.options)).toBe(c.batches.length);
      batches.forEach((b, i) => {
        expect(b.x.shape).toEqual(c.batches[i].xsShape);
        close(b.x, c.batches[i].xs, `xs batch ${i}`, 0);
        if (c.targets === null) expect(b.y).toBeUndefined();
        else close(b.y!, c.batches[i].ys, `ys batch ${i}`, 0);
      });
      ds.dispose();
    }
  });
});
