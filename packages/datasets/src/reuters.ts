import { parseNpz, type NDArray } from '@dl/io';
import { checkTestSplit, splitIndex } from './arrays';
import { RandomState } from './random-state';
import {
  kerasSequences, resolveSequenceOptions, take, takeLabels, toLabels, toSequences, type ResolvedSequenceOptions, type SequenceOptions,
} from './sequences';
import { fetchPath, readParsed, KERAS_BASE_URL, type SourceOptions } from './source';
import type { LoadResult, Sequences } from './types';
import { parseWordIndex } from './word-index';

/** Keras' `reuters.npz`: name, URL and SHA-256. */
export const REUTERS_FILE = { fname: 'reuters.npz', origin: `${KERAS_BASE_URL}reuters.npz`, fileHash: 'd6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916' };
/** Keras' `reuters_word_index.json`: name, URL and MD5. */
export const REUTERS_WORD_INDEX_FILE = { fname: 'reuters_word_index.json', origin: `${KERAS_BASE_URL}reuters_word_index.json`, fileHash: '4d44cc38712099c9e383dc6e5f11a921' };

/** The 46 Reuters topics, in label order (Keras' `get_label_names()`). */
export const REUTERS_LABEL_NAMES: readonly string[] = [
  'cocoa', 'grain', 'veg-oil', 'earn', 'acq', 'wheat', 'copper', 'housing', 'money-supply', 'coffee', 'sugar', 'trade',
  'reserves', 'ship', 'cotton', 'carcass', 'crude', 'nat-gas', 'cpi', 'money-fx', 'interest', 'gnp', 'meal-feed', 'alum',
  'oilseed', 'gold', 'tin', 'strategic-metal', 'livestock', 'retail', 'ipi', 'iron-steel', 'rubber', 'heat', 'jobs', 'lei',
  'bop', 'zinc', 'orange', 'pet-chem', 'dlr', 'gas', 'silver', 'wpi', 'hog', 'lead',
];

/** Options of {@link reuters}.loadData. */
export interface ReutersOptions extends SequenceOptions, SourceOptions {
  /** The fraction held out for the test split. Default 0.2. */
  testSplit?: number;
  /** The file name in the cache. Default `"reuters.npz"`. */
  path?: string;
}

function fromNpz(bytes: Uint8Array, o: ResolvedSequenceOptions, testSplit: number, name: string): LoadResult<Sequences, NDArray<'int32'>> {
  const npz = parseNpz(bytes, { name, allowPickle: true });
  const xs = toSequences(npz.get('x'), `"x" in ${name}`);
  const ys = toLabels(npz.get('y'), xs.length, `"y" in ${name}`);
  const order = new RandomState(o.seed).permutation(xs.length);
  const [all] = kerasSequences([{ x: take(xs, order), y: takeLabels(ys, order) }], o, 'reuters.loadData') as [{ x: Sequences; y: Int32Array }];
  const idx = splitIndex(all.x.length, testSplit);
  const labels = (y: Int32Array): NDArray<'int32'> => ({ dtype: 'int32', shape: [y.length], data: y });
  return [[all.x.slice(0, idx), labels(all.y.slice(0, idx))], [all.x.slice(idx), labels(all.y.slice(idx))]];
}

function reutersFromNpz(bytes: Uint8Array, options: SequenceOptions & { testSplit?: number } = {}, name = 'reuters.npz'): LoadResult<Sequences, NDArray<'int32'>> {
  return fromNpz(bytes, resolveSequenceOptions(options, 'reuters.loadData'), checkTestSplit(options.testSplit ?? 0.2, 'reuters.loadData'), name);
}

/**
 * The Reuters newswire topics dataset, as `keras.datasets.reuters`: 11,228 newswires as
 * word-index sequences (an `Int32Array` each), labels int32 in [0, 46). Keras' order:
 * one `RandomState(seed)` shuffle of everything, the sequence steps of `imdb`, then the
 * split at `int(n * (1 - testSplit))` (8,982 / 2,246 by default).
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await reuters.loadData({ numWords: 10000 });
 * reuters.getLabelNames()[3]; // "earn"
 * ```
 */
export const reuters = {
  /**
   * Downloads (once) and reads the dataset.
   * @param options Keras' `numWords`, `skipTop`, `maxlen`, `testSplit`, `seed`, `startChar`, `oovChar`, `indexFrom`, `path`, and the source.
   * @returns `[[xTrain, yTrain], [xTest, yTest]]`.
   * @throws ConfigError for invalid arguments; FormatError for a corrupt file (the cache entry is removed).
   */
  async loadData(options: ReutersOptions = {}): Promise<LoadResult<Sequences, NDArray<'int32'>>> {
    const o = resolveSequenceOptions(options, 'reuters.loadData');
    const testSplit = checkTestSplit(options.testSplit ?? 0.2, 'reuters.loadData');
    const file = await fetchPath({ ...REUTERS_FILE, fname: options.path ?? REUTERS_FILE.fname }, options);
    return readParsed(file, (b, name) => fromNpz(b, o, testSplit, name));
  },
  /** The word index: word to rank (1 = most frequent). */
  async getWordIndex(options: SourceOptions & { path?: string } = {}): Promise<Map<string, number>> {
    const file = await fetchPath({ ...REUTERS_WORD_INDEX_FILE, fname: options.path ?? REUTERS_WORD_INDEX_FILE.fname }, options);
    return readParsed(file, parseWordIndex);
  },
  /** The 46 topic names, indexed by label. */
  getLabelNames(): string[] {
    return [...REUTERS_LABEL_NAMES];
  },
  /** `loadData` from the bytes of `reuters.npz` (no file system: for the browser). */
  fromNpz: reutersFromNpz,
};
