import { parseNpz, type NDArray } from '@dl/io';
import { RandomState } from './random-state';
import {
  kerasSequences, resolveSequenceOptions, take, takeLabels, toLabels, toSequences, type ResolvedSequenceOptions, type SequenceOptions,
} from './sequences';
import { fetchPath, readParsed, KERAS_BASE_URL, type SourceOptions } from './source';
import type { LoadResult, Sequences } from './types';
import { parseWordIndex } from './word-index';

/** Keras' `imdb.npz`: name, URL and SHA-256. */
export const IMDB_FILE = { fname: 'imdb.npz', origin: `${KERAS_BASE_URL}imdb.npz`, fileHash: '69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f' };
/** Keras' `imdb_word_index.json`: name, URL and MD5. */
export const IMDB_WORD_INDEX_FILE = { fname: 'imdb_word_index.json', origin: `${KERAS_BASE_URL}imdb_word_index.json`, fileHash: 'bfafd718b763782e994055a2d397834f' };

/** Options of {@link imdb}.loadData: Keras' arguments, camelCased, and the source. */
export interface ImdbOptions extends SequenceOptions, SourceOptions {
  /** The file name in the cache. Default `"imdb.npz"`. */
  path?: string;
}

function imdbFromNpz(bytes: Uint8Array, options: SequenceOptions = {}, name = 'imdb.npz'): LoadResult<Sequences, NDArray<'int32'>> {
  return fromNpz(bytes, resolveSequenceOptions(options, 'imdb.loadData'), name);
}

function fromNpz(bytes: Uint8Array, o: ResolvedSequenceOptions, name: string): LoadResult<Sequences, NDArray<'int32'>> {
  const npz = parseNpz(bytes, { name, allowPickle: true });
  const xTrain = toSequences(npz.get('x_train'), `"x_train" in ${name}`);
  const xTest = toSequences(npz.get('x_test'), `"x_test" in ${name}`);
  const yTrain = toLabels(npz.get('y_train'), xTrain.length, `"y_train" in ${name}`);
  const yTest = toLabels(npz.get('y_test'), xTest.length, `"y_test" in ${name}`);
  // Keras: one RandomState shuffles train, then test, from the same stream.
  const rng = new RandomState(o.seed);
  const trainOrder = rng.permutation(xTrain.length);
  const testOrder = rng.permutation(xTest.length);
  const [train, test] = kerasSequences([
    { x: take(xTrain, trainOrder), y: takeLabels(yTrain, trainOrder) },
    { x: take(xTest, testOrder), y: takeLabels(yTest, testOrder) },
  ], o, 'imdb.loadData') as [{ x: Sequences; y: Int32Array }, { x: Sequences; y: Int32Array }];
  const labels = (y: Int32Array): NDArray<'int32'> => ({ dtype: 'int32', shape: [y.length], data: y });
  return [[train.x, labels(train.y)], [test.x, labels(test.y)]];
}

/**
 * The IMDB movie review sentiment dataset, as `keras.datasets.imdb`: 25,000 training and
 * 25,000 test reviews as sequences of word indices (ragged: an `Int32Array` per review),
 * labels int32 `[n]` (1 positive, 0 negative). The arguments and their order of
 * operations are Keras': shuffle with numpy's `RandomState(seed)` (train, then test),
 * prepend `startChar`, add `indexFrom`, drop sequences with `length >= maxlen`, then
 * map words outside `skipTop <= w < numWords` to `oovChar`. Same seed, same order as
 * Python.
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await imdb.loadData({ numWords: 10000 });
 * const index = await imdb.getWordIndex(); // word -> rank (1 = most frequent)
 * ```
 */
export const imdb = {
  /**
   * Downloads (once) and reads the dataset.
   * @param options Keras' `numWords`, `skipTop`, `maxlen`, `seed`, `startChar`, `oovChar`, `indexFrom`, `path`, and the source.
   * @returns `[[xTrain, yTrain], [xTest, yTest]]`.
   * @throws ConfigError for invalid arguments or a `maxlen` that empties a split;
   * FormatError for a corrupt file (the cache entry is removed).
   */
  async loadData(options: ImdbOptions = {}): Promise<LoadResult<Sequences, NDArray<'int32'>>> {
    const o = resolveSequenceOptions(options, 'imdb.loadData');
    const file = await fetchPath({ ...IMDB_FILE, fname: options.path ?? IMDB_FILE.fname }, options);
    return readParsed(file, (b, name) => fromNpz(b, o, name));
  },
  /**
   * The word index: word to rank (1 = most frequent). Index `i` in the data is word
   * rank `i - indexFrom`.
   * @param options `path` (default `"imdb_word_index.json"`) and the source.
   */
  async getWordIndex(options: SourceOptions & { path?: string } = {}): Promise<Map<string, number>> {
    const file = await fetchPath({ ...IMDB_WORD_INDEX_FILE, fname: options.path ?? IMDB_WORD_INDEX_FILE.fname }, options);
    return readParsed(file, parseWordIndex);
  },
  /** `loadData` from the bytes of `imdb.npz` (no file system: for the browser). */
  fromNpz: imdbFromNpz,
};
