// Bad input raises a typed error whose message names the argument, what was expected and what was received.
import { describe, expect, it } from 'vitest';
import { ConfigError, FormatError, assertNoLeaks, setSeed, tensor1d, tensor2d } from '@dl/tensor';
import {
  MinMaxScaler, SimpleImputer, StandardScaler, Tokenizer, holdOut, iteratedKFold, kFold, multiHot, normalize,
  padSequences, takeRows, timeseriesDatasetFromArray, toCategorical, trainTestSplit, trainTestSplitIndices,
} from '@dl/preprocessing';

function throwsConfig(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  expect((caught as ConfigError).code).toBe('config');
  expect((caught as Error).message).toMatch(message);
}

async function rejectsConfig(p: Promise<unknown>, message: RegExp): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(ConfigError);
  await expect(p).rejects.toThrow(message);
}

describe('typed errors', () => {
  it('padSequences: non-integer entries, a negative maxlen, unknown padding', () => {
    throwsConfig(() => padSequences([[1, 2.5]]), /Invalid `sequences\[0\]\[1\]` for padSequences: expected an integer \(dtype int32\), received 2.5/);
    throwsConfig(() => padSequences([[1, NaN]], { dtype: 'float32' }), /expected a finite number, received NaN/);
    throwsConfig(() => padSequences([[1]], { maxlen: -3 }), /Invalid `maxlen` for padSequences: expected a positive integer, received -3/);
    throwsConfig(() => padSequences([[1]], { maxlen: 2.5 }), /`maxlen`.*received 2.5/);
    throwsConfig(() => padSequences([[1]], { padding: 'middle' as 'pre' }), /Invalid `padding` for padSequences: expected one of "pre", "post", received "middle"/);
    throwsConfig(() => padSequences([[1], 7 as unknown as number[]]), /`sequences\[1\]`/);
  });

  it('toCategorical and multiHot: labels out of range, non-integers, missing numClasses for a tensor', () => {
    throwsConfig(() => toCategorical([0, 1.5]), /expected a non-negative integer, received 1.5/);
    throwsConfig(() => toCategorical([0, -1]), /received -1/);
    throwsConfig(() => toCategorical([0, 3], 3), /below `numClasses` 3, received 3/);
    throwsConfig(() => toCategorical(tensor1d([0, 1], 'int32')), /Missing `numClasses`/);
    throwsConfig(() => multiHot([[0, 10]], 10), /`sequences\[0\]\[1\]` for multiHot: expected an integer in \[0, 10\), received 10/);
    throwsConfig(() => multiHot([[0]], 0), /`dimension`/);
  });

  it('Tokenizer: bad numWords, matrix before fit, unknown mode, bad JSON', () => {
    throwsConfig(() => new Tokenizer({ numWords: 0 }), /Invalid `numWords` for Tokenizer: expected a positive integer, received 0/);
    throwsConfig(() => new Tokenizer().textsToMatrix(['a']), /Tokenizer is not fitted/);
    const t = new Tokenizer({ numWords: 5 });
    throwsConfig(() => t.textsToMatrix(['a'], 'tfidf'), /"tfidf" mode needs document counts/);
    t.fitOnTexts(['a b']);
    throwsConfig(() => t.textsToMatrix(['a'], 'onehot' as 'binary'), /Invalid `mode`/);
    expect(() => Tokenizer.fromJSON('{"x":1}')).toThrow(FormatError);
  });

  it('scalers: NaN with imputation off, empty data, unfitted use, feature count mismatch', async () => {
    await rejectsConfig(new StandardScaler().fit([[1, NaN], [2, 3]]), /expected finite numbers, received NaN at row 0, column 1; fill missing values first \(SimpleImputer\)/);
    await rejectsConfig(new MinMaxScaler().fit([[1, 2], [Infinity, 3]]), /received Infinity at row 1, column 0/);
    await rejectsConfig(new StandardScaler().fit(tensor2d([], [0, 3])), /expected at least one sample and one feature, received shape \[0,3\]/);
    throwsConfig(() => new StandardScaler().transform([[1]]), /StandardScaler is not fitted/);
    const s = await new StandardScaler().fit([[1, 2], [3, 4]]);
    throwsConfig(() => s.transform([[1, 2, 3]]), /expected 2 features on the last axis \(as fitted\), received shape \[1,3\]/);
    throwsConfig(() => new MinMaxScaler({ featureRange: [1, 0] }), /`featureRange`/);
  });

  it('SimpleImputer: a feature with no value, unknown strategy', async () => {
    await rejectsConfig(new SimpleImputer().fit([[NaN, 1], [NaN, 2]]), /only NaN in column 0/);
    throwsConfig(() => new SimpleImputer({ strategy: 'mode' as 'mean' }), /Invalid `strategy` for SimpleImputer/);
    const c = await new SimpleImputer({ strategy: 'constant', fillValue: 5 }).fit([[NaN, NaN]]);
    expect(Array.from(c.transform([[NaN, 1]]).dataSync())).toEqual([5, 1]);
  });

  it('K-fold, splits and hold-out: K below 2, sizes out of range, length mismatch', () => {
    throwsConfig(() => kFold(10, 1), /Invalid `k` for kFold: expected an integer >= 2, received 1/);
    throwsConfig(() => kFold(3, 4), /expected at least k = 4, received 3/);
    throwsConfig(() => iteratedKFold(10, 2, 0), /`iterations`/);
    throwsConfig(() => trainTestSplitIndices(10, { testSize: 1.5 }), /`testSize`/);
    throwsConfig(() => trainTestSplitIndices(10, { testSize: 0.5, trainSize: 0.8 }), /together at most 10/);
    throwsConfig(() => trainTestSplitIndices(4, { stratify: [0, 1] }), /expected 4 labels/);
    throwsConfig(() => trainTestSplitIndices(4, { stratify: [0, 1, 0, 1], shuffle: false }), /needs `shuffle: true`/);
    throwsConfig(() => trainTestSplit([[1, 2, 3], [1, 2]]), /`arrays\[1\]` for trainTestSplit: expected 3 rows/);
    throwsConfig(() => holdOut(10, { validationSize: 10 }), /`validationSize`/);
    throwsConfig(() => takeRows([1, 2], [2]), /`indices\[0\]` for takeRows: expected an integer in \[0, 2\), received 2/);
    throwsConfig(() => trainTestSplitIndices(10, { seed: -1 }), /Invalid `seed` for trainTestSplit/);
  });

  it('normalize and timeseriesDatasetFromArray: bad axis, order, lengths', () => {
    throwsConfig(() => normalize([[1, 2]], 2), /Invalid `axis` for normalize/);
    throwsConfig(() => normalize([[1, 2]], -1, 0), /Invalid `order` for normalize/);
    throwsConfig(() => timeseriesDatasetFromArray([1, 2, 3], null, { sequenceLength: 0 }), /`sequenceLength`/);
    throwsConfig(() => timeseriesDatasetFromArray([1, 2, 3], null, { sequenceLength: 5 }), /needs 5 timesteps, received 3/);
    throwsConfig(() => timeseriesDatasetFromArray([1, 2, 3], null, { sequenceLength: 1, endIndex: 7 }), /`endIndex`/);
  });
});

describe('seeding and memory', () => {
  it('a per-call seed repeats, differs between seeds, and leaves the global stream as it was', () => {
    setSeed(5);
    const a = trainTestSplitIndices(50, { seed: 1 });
    const b = trainTestSplitIndices(50, { seed: 1 });
    const c = trainTestSplitIndices(50, { seed: 2 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    const afterSeeded = trainTestSplitIndices(50);
    setSeed(5);
    expect(Array.from(trainTestSplitIndices(50).test)).toEqual(Array.from(afterSeeded.test));
  });

  it('the global seed makes holdOut, kFold(shuffle) and iteratedKFold repeatable; every row lands in exactly one part', () => {
    setSeed(9);
    const h1 = holdOut(30, { validationSize: 0.3 });
    const k1 = kFold(30, 3, { shuffle: true });
    const i1 = iteratedKFold(30, 3, 2);
    setSeed(9);
    expect(holdOut(30, { validationSize: 0.3 })).toEqual(h1);
    expect(kFold(30, 3, { shuffle: true })).toEqual(k1);
    expect(iteratedKFold(30, 3, 2)).toEqual(i1);
    expect(h1.validation.length).toBe(9);
    expect([...h1.train, ...h1.validation].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(i1.map((f) => [f.iteration, f.fold])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    expect(Array.from(i1[0]!.validation)).not.toEqual(Array.from(i1[3]!.validation));
  });

  it('trainTestSplit keeps the rows of x and y together, for tensors, arrays and typed arrays', () => {
    const x = tensor2d(Array.from({ length: 10 }, (_, i) => [i, i * 10]));
    const y = Int32Array.from({ length: 10 }, (_, i) => i);
    const names = Array.from({ length: 10 }, (_, i) => `r${i}`);
    const { train: [xTr, yTr, nTr], test: [xTe, yTe, nTe] } = trainTestSplit([x, y, names], { testSize: 0.3, seed: 4 });
    expect(yTr).toBeInstanceOf(Int32Array);
    expect(xTe.shape).toEqual([3, 2]);
    expect(Array.from(xTe.dataSync()).filter((_, i) => i % 2 === 0)).toEqual(Array.from(yTe));
    expect(Array.from(xTr.dataSync()).filter((_, i) => i % 2 === 0)).toEqual(Array.from(yTr));
    expect(nTe).toEqual(Array.from(yTe, (i) => `r${i}`));
    expect(nTr.length).toBe(7);
  });

  it('transforms, padding and windows leave no tensors behind', async () => {
    const s = await new StandardScaler().fit([[1, 2], [3, 5]]);
    const imp = await new SimpleImputer().fit([[1, NaN], [3, 5]]);
    await assertNoLeaks(() => {
      s.transform([[1, 2]]).dispose();
      imp.transform([[NaN, 2]]).dispose();
      normalize([[3, 4]]).dispose();
      const labels = tensor1d([0, 2], 'int32');
      toCategorical(labels, 3).dispose();
      labels.dispose();
      const ds = timeseriesDatasetFromArray([1, 2, 3, 4], [5, 6, 7, 8], { sequenceLength: 2, batchSize: 2, shuffle: true, seed: 1 });
      for (const b of ds) {
        b.x.dispose();
        b.y?.dispose();
      }
      ds.dispose();
    });
  });
});
