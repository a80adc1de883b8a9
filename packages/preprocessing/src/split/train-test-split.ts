import { ConfigError, describeValue, shuffle } from '@dl/tensor';
import { range, withSeed } from '../checks';
import { numRows, takeRows, type Splittable } from './take-rows';

/** Options of {@link trainTestSplit} and {@link trainTestSplitIndices}. */
export interface TrainTestSplitOptions {
  /** Test share: a fraction in (0, 1) or a count (default 0.25 when `trainSize` is not given). */
  testSize?: number;
  /** Train share: a fraction in (0, 1) or a count (default: the rest). */
  trainSize?: number;
  /** Shuffle before splitting (default true). */
  shuffle?: boolean;
  /** A seed for this call (default: dl's global stream, see `setSeed`). */
  seed?: number;
  /** Class labels: each class keeps its share in both parts (needs `shuffle`). */
  stratify?: ArrayLike<number | string>;
}

/** Row indices of the two parts of a split. */
export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

function share(value: number, n: number, name: string): number {
  if (typeof value !== 'number' || !(value > 0)) {
    throw new ConfigError(`Invalid \`${name}\` for trainTestSplit: expected a fraction in (0, 1) or a positive count, received ${describeValue(value)}.`);
  }
  if (value < 1) return name === 'testSize' ? Math.ceil(value * n) : Math.floor(value * n);
  if (!Number.isInteger(value) || value > n) {
    throw new ConfigError(`Invalid \`${name}\` for trainTestSplit: expected a count in [1, ${n}] (there are ${n} samples), received ${describeValue(value)}.`);
  }
  return value;
}

/** Per-class test counts: floor of the class's share, then the leftover to the largest remainders (ties: first class). */
function allocate(classCounts: number[], nTest: number, n: number): number[] {
  const exact = classCounts.map((c) => (c * nTest) / n);
  const out = exact.map(Math.floor);
  let left = nTest - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    if (out[i]! < classCounts[i]!) {
      out[i]! += 1;
      left -= 1;
    }
  }
  return out;
}

/**
 * The row indices of a train/test split of `n` samples, as scikit-learn's
 * `train_test_split` sizes them: `ceil(testSize * n)` test rows, the rest (or
 * `floor(trainSize * n)`) for training.
 *
 * With `shuffle` (default) the rows are drawn with dl's seeded stream (`seed` for this
 * call, or the global `setSeed`); without, the first rows train and the next ones test.
 * With `stratify`, each class gets `floor(share)` test rows plus the leftover by largest
 * remainder, so class proportions hold in both parts.
 *
 * @param n Number of samples.
 * @param options `testSize`, `trainSize`, `shuffle`, `seed`, `stratify`.
 * @returns `{ train, test }` index arrays.
 * @throws ConfigError for sizes out of range, an empty part, `stratify` of another
 *   length or without `shuffle`.
 * @example
 * ```ts
 * import { trainTestSplitIndices } from '@dl/preprocessing';
 * const { train, test } = trainTestSplitIndices(10, { testSize: 0.2, seed: 1 }); // 8 and 2 indices
 * ```
 */
export function trainTestSplitIndices(n: number, options: TrainTestSplitOptions = {}): SplitIndices {
  const where = 'trainTestSplit';
  if (!Number.isSafeInteger(n) || n < 2) {
    throw new ConfigError(`Invalid number of samples for ${where}: expected at least 2, received ${describeValue(n)}.`);
  }
  const nTest = options.testSize === undefined ? (options.trainSize === undefined ? Math.ceil(0.25 * n) : n - share(options.trainSize, n, 'trainSize')) : share(options.testSize, n, 'testSize');
  const nTrain = options.trainSize === undefined ? n - nTest : share(options.trainSize, n, 'trainSize');
  if (nTest < 1 || nTrain < 1 || nTrain + nTest > n) {
    throw new ConfigError(`Invalid sizes for ${where}: expected a train part and a test part of at least one sample each, together at most ${n}; received train ${nTrain}, test ${nTest}.`);
  }
  const doShuffle = options.shuffle ?? true;
  const strat = options.stratify;
  return withSeed(options.seed, where, () => {
    if (strat === undefined) {
      const idx = range(n);
      if (doShuffle) shuffle(idx);
      return { train: idx.slice(nTest, nTest + nTrain), test: doShuffle ? idx.slice(0, nTest) : idx.slice(nTrain, nTrain + nTest) };
    }
    if (!doShuffle) throw new ConfigError(`Invalid options for ${where}: \`stratify\` needs \`shuffle: true\`.`);
    if (strat.length !== n) {
      throw new ConfigError(`Invalid \`stratify\` for ${where}: expected ${n} labels (one per sample), received ${strat.length}.`);
    }
    const byClass = new Map<number | string, number[]>();
    for (let i = 0; i < n; i++) {
      const c = strat[i]!;
      const list = byClass.get(c);
      if (list === undefined) byClass.set(c, [i]);
      else list.push(i);
    }
    const classes = [...byClass.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const counts = classes.map((c) => byClass.get(c)!.length);
    const testCounts = allocate(counts, nTest, n);
    const trainCounts = allocate(counts.map((c, i) => c - testCounts[i]!), nTrain, n - nTest);
    const train: number[] = [];
    const test: number[] = [];
    classes.forEach((c, k) => {
      const rows = shuffle(byClass.get(c)!.slice());
      test.push(...rows.slice(0, testCounts[k]));
      train.push(...rows.slice(testCounts[k], testCounts[k]! + trainCounts[k]!));
    });
    return { train: shuffle(Int32Array.from(train)), test: shuffle(Int32Array.from(test)) };
  });
}

/**
 * Splits arrays or tensors of one length into a train and a test part, with the same
 * rows for each (see {@link trainTestSplitIndices} for sizes, seeding and stratifying).
 *
 * @param arrays Tensors (split on the first axis), arrays or typed arrays, of one length.
 * @param options `testSize`, `trainSize`, `shuffle`, `seed`, `stratify`.
 * @returns `{ train: [...], test: [...] }`, one entry per input, each of its input's kind.
 * @throws ConfigError for inputs of different lengths, and as {@link trainTestSplitIndices}.
 * @example
 * ```ts
 * import { trainTestSplit } from '@dl/preprocessing';
 * const { train: [xTrain, yTrain], test: [xTest, yTest] } = trainTestSplit([x, y], { testSize: 0.2, seed: 42, stratify: labels });
 * ```
 */
export function trainTestSplit<const A extends readonly Splittable[]>(arrays: A, options: TrainTestSplitOptions = {}): { train: A; test: A } {
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new ConfigError(`Invalid \`arrays\` for trainTestSplit: expected a non-empty array of tensors or arrays, received ${describeValue(arrays)}.`);
  }
  const n = numRows(arrays[0], 'trainTestSplit');
  arrays.forEach((a, i) => {
    const m = numRows(a, 'trainTestSplit');
    if (m !== n) throw new ConfigError(`Invalid \`arrays[${i}]\` for trainTestSplit: expected ${n} rows (as arrays[0]), received ${m}.`);
  });
  const { train, test } = trainTestSplitIndices(n, options);
  return {
    train: arrays.map((a) => takeRows(a, train)) as unknown as A,
    test: arrays.map((a) => takeRows(a, test)) as unknown as A,
  };
}
