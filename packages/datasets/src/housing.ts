import { ConfigError, describeValue } from '@dl/tensor';
import { parseNpz, type NDArray } from '@dl/io';
import { asFloat, checkFloatDtype, checkTestSplit, headRows, numeric, splitIndex, takeRows } from './arrays';
import { RandomState } from './random-state';
import { fetchPath, readParsed, KERAS_BASE_URL, type SourceOptions } from './source';
import type { LoadResult } from './types';

/** Keras' `boston_housing.npz`: name, URL and SHA-256. */
export const BOSTON_HOUSING_FILE = { fname: 'boston_housing.npz', origin: `${KERAS_BASE_URL}boston_housing.npz`, fileHash: 'f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5' };
/** Keras' `california_housing.npz`: name, URL and SHA-256. */
export const CALIFORNIA_HOUSING_FILE = { fname: 'california_housing.npz', origin: `${KERAS_BASE_URL}california_housing.npz`, fileHash: '1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f' };

/** Options of the regression loaders. */
export interface RegressionOptions extends SourceOptions {
  /** The fraction held out for the test split. Default 0.2. */
  testSplit?: number;
  /** The seed of the shuffle (numpy's RandomState). Default 113. */
  seed?: number;
  /** The file name in the cache. */
  path?: string;
  /** `"float32"` (default: what tensors hold) or `"float64"` (Keras' exact values). */
  dtype?: 'float32' | 'float64';
}

/**
 * Keras' regression split: one `RandomState(seed)` shuffle of the rows, then train is
 * the first `int(n * (1 - testSplit))`. Also used by the embedded sources.
 *
 * @param x Features `[n, ...]`.
 * @param y Targets `[n, ...]`.
 * @param options `testSplit` (default 0.2) and `seed` (default 113).
 * @returns `[[xTrain, yTrain], [xTest, yTest]]`.
 * @throws ConfigError for a bad split, seed, or x and y of different lengths.
 *
 * @example
 * ```ts
 * const [[xTrain], [xTest]] = shuffleAndSplit(x, y, { testSplit: 0.2, seed: 113 });
 * ```
 */
export function shuffleAndSplit<X extends NDArray, Y extends NDArray>(
  x: X, y: Y, options: { testSplit?: number; seed?: number } = {}, who = 'shuffleAndSplit',
): LoadResult<X, Y> {
  const testSplit = checkTestSplit(options.testSplit ?? 0.2, who);
  const n = x.shape[0] ?? 0;
  if (y.shape[0] !== n) throw new ConfigError(`Invalid data for ${who}: x has ${n} rows, y has ${describeValue(y.shape[0])}.`);
  const order = new RandomState(options.seed ?? 113).permutation(n);
  const idx = splitIndex(n, testSplit);
  return [
    [takeRows(x, order, 0, idx) as X, takeRows(y, order, 0, idx) as Y],
    [takeRows(x, order, idx, n) as X, takeRows(y, order, idx, n) as Y],
  ];
}

type FromNpzOptions = { testSplit?: number; seed?: number; dtype?: 'float32' | 'float64' };

function bostonFromNpz(bytes: Uint8Array, options: FromNpzOptions = {}, name = 'boston_housing.npz'): LoadResult<NDArray> {
  const who = 'bostonHousing.loadData';
  const dtype = checkFloatDtype(options.dtype, who);
  const npz = parseNpz(bytes, { name });
  const x = asFloat(numeric(npz.get('x'), `"x" in ${name}`, 2), dtype);
  return shuffleAndSplit(x, asFloat(numeric(npz.get('y'), `"y" in ${name}`), dtype), options, who);
}

/**
 * The Boston housing prices, as `keras.datasets.boston_housing`: 506 rows of 13
 * features (`[n, 13]`) and the median value in $1000s (`[n]`), float32 by default (what
 * tensors hold; `dtype: "float64"` keeps Keras' float64 values), shuffled
 * with `RandomState(seed)` and split 404 / 102 by default. (The data set has known
 * ethical problems; the book uses it, and so do we for parity.)
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await bostonHousing.loadData();
 * ```
 */
export const bostonHousing = {
  /**
   * Downloads (once) and reads the dataset.
   * @param options `testSplit`, `seed`, `dtype`, `path`, and the source.
   * @throws ConfigError for a bad `testSplit` or `dtype`; FormatError for a corrupt file (removed from the cache).
   */
  async loadData(options: RegressionOptions = {}): Promise<LoadResult<NDArray>> {
    checkTestSplit(options.testSplit ?? 0.2, 'bostonHousing.loadData');
    checkFloatDtype(options.dtype, 'bostonHousing.loadData');
    const file = await fetchPath({ ...BOSTON_HOUSING_FILE, fname: options.path ?? BOSTON_HOUSING_FILE.fname }, options);
    return readParsed(file, (b, name) => bostonFromNpz(b, options, name));
  },
  /** `loadData` from the bytes of `boston_housing.npz`. */
  fromNpz: bostonFromNpz,
};

function checkVersion(version: unknown): 'large' | 'small' {
  const v = version ?? 'large';
  if (v !== 'large' && v !== 'small') {
    throw new ConfigError(`Invalid \`version\` for californiaHousing.loadData: expected "large" or "small", received ${describeValue(v)}.`);
  }
  return v;
}

function californiaFromNpz(bytes: Uint8Array, options: FromNpzOptions & { version?: 'large' | 'small' } = {}, name = 'california_housing.npz'): LoadResult<NDArray> {
  const version = checkVersion(options.version);
  const dtype = checkFloatDtype(options.dtype, 'californiaHousing.loadData');
  const npz = parseNpz(bytes, { name });
  let x = numeric(npz.get('x'), `"x" in ${name}`, 2);
  let y = numeric(npz.get('y'), `"y" in ${name}`);
  if (version === 'small') {
    x = headRows(x, Math.min(600, x.shape[0]!));
    y = headRows(y, Math.min(600, y.shape[0]!));
  }
  return shuffleAndSplit(asFloat(x, dtype), asFloat(y, dtype), options, 'californiaHousing.loadData');
}

/**
 * The California housing prices, as `keras.datasets.california_housing`: 20,640 rows of
 * 8 features `[n, 8]` and the median house value `[n]` (float32 by default, or
 * `dtype: "float64"`); `version: "small"` keeps the
 * first 600 rows before the shuffle, as Keras does.
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain]] = await californiaHousing.loadData({ version: 'small' });
 * ```
 */
export const californiaHousing = {
  /**
   * Downloads (once) and reads the dataset.
   * @param options `version` ("large" or "small"), `testSplit`, `seed`, `path`, and the source.
   * @throws ConfigError for a bad `version` or `testSplit`; FormatError for a corrupt file (removed from the cache).
   */
  async loadData(options: RegressionOptions & { version?: 'large' | 'small' } = {}): Promise<LoadResult<NDArray>> {
    checkTestSplit(options.testSplit ?? 0.2, 'californiaHousing.loadData');
    checkVersion(options.version);
    checkFloatDtype(options.dtype, 'californiaHousing.loadData');
    const file = await fetchPath({ ...CALIFORNIA_HOUSING_FILE, fname: options.path ?? CALIFORNIA_HOUSING_FILE.fname }, options);
    return readParsed(file, (b, name) => californiaFromNpz(b, options, name));
  },
  /** `loadData` from the bytes of `california_housing.npz`. */
  fromNpz: californiaFromNpz,
};
