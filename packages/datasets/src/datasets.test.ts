import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, DLError, FormatError } from '@dl/tensor';
import type { NDArray } from '@dl/io';
import {
  bostonHousing, californiaHousing, cifar10, cifar100, fashionMnist, imdb, mnist, reuters, REUTERS_LABEL_NAMES, type Sequences,
} from '@dl/datasets';
import { expected, fixture, serveFixtures } from './fixtures';

let server: Awaited<ReturnType<typeof serveFixtures>>;
let cache = '';
beforeAll(async () => {
  server = await serveFixtures();
});
afterAll(async () => {
  await server.close();
  rmSync(cache, { recursive: true, force: true });
});
beforeEach(() => {
  if (cache) rmSync(cache, { recursive: true, force: true });
  cache = mkdtempSync(path.join(tmpdir(), 'dl-datasets-'));
  server.requests.length = 0;
});

/** Loader options that point at the loopback server, with the fixture's hash. */
const src = (file: string) => ({ cacheDir: cache, origin: `${server.url}${file}`, fileHash: expected.sha256[file]!, progress: false });
const rows = (x: Sequences) => x.map((s) => Array.from(s));
const values = (a: NDArray) => Array.from(a.data as ArrayLike<number>);

describe('imdb (Keras\' load_data, ported to numpy, is the oracle)', () => {
  it.each(Object.keys(expected.imdb))('%s: same sequences, labels and order as Keras', async (name) => {
    const want = expected.imdb[name]!;
    const [[xTrain, yTrain], [xTest, yTest]] = await imdb.loadData({ ...src('imdb.npz'), ...want.options });
    expect(rows(xTrain)).toEqual(want.train[0]);
    expect(values(yTrain)).toEqual(want.train[1]);
    expect(rows(xTest)).toEqual(want.test[0]);
    expect(values(yTest)).toEqual(want.test[1]);
    expect(yTrain).toMatchObject({ dtype: 'int32', shape: [want.train[1].length] });
  });

  it('fromNpz gives the same without a file system', () => {
    const [[x]] = imdb.fromNpz(fixture('imdb.npz'), { numWords: 50 });
    expect(rows(x)).toEqual(expected.imdb['numWords']!.train[0]);
  });

  it('a maxlen that empties a split, and bad arguments, are ConfigErrors', async () => {
    await expect(imdb.loadData({ ...src('imdb.npz'), maxlen: 1 })).rejects.toThrow(/after keeping sequences shorter than maxlen=1, a split is empty/);
    await expect(imdb.loadData({ ...src('imdb.npz'), numWords: 0 })).rejects.toThrow(ConfigError);
    await expect(imdb.loadData({ ...src('imdb.npz'), seed: -1 })).rejects.toThrow(/Invalid `seed` for imdb.loadData/);
  });

  it('getWordIndex (md5-verified JSON) as a Map', async () => {
    const index = await imdb.getWordIndex({ cacheDir: cache, origin: `${server.url}imdb_word_index.json`, fileHash: expected.md5['imdb_word_index.json']! });
    expect(index.get('brilliant')).toBe(530);
  });
});

describe('reuters', () => {
  it.each(Object.keys(expected.reuters))('%s: same as Keras', async (name) => {
    const want = expected.reuters[name]!;
    const [[xTrain, yTrain], [xTest, yTest]] = await reuters.loadData({ ...src('reuters.npz'), ...want.options });
    expect([rows(xTrain), values(yTrain)]).toEqual(want.train);
    expect([rows(xTest), values(yTest)]).toEqual(want.test);
  });

  it('getLabelNames: Keras\' 46 topics; getWordIndex', async () => {
    expect(reuters.getLabelNames()).toHaveLength(46);
    expect(REUTERS_LABEL_NAMES.slice(0, 5)).toEqual(['cocoa', 'grain', 'veg-oil', 'earn', 'acq']);
    expect(reuters.getLabelNames().at(-1)).toBe('lead');
    const index = await reuters.getWordIndex({ cacheDir: cache, origin: `${server.url}reuters_word_index.json`, fileHash: expected.md5['reuters_word_index.json']! });
    expect(index.get('said')).toBe(5);
  });

  it('testSplit must be in [0, 1)', async () => {
    await expect(reuters.loadData({ ...src('reuters.npz'), testSplit: 1 })).rejects.toThrow(/Invalid `testSplit` for reuters.loadData: expected a number in \[0, 1\), received 1/);
  });
});

describe('regression sets', () => {
  it.each(Object.keys(expected.boston))('bostonHousing %s: same split as Keras', async (name) => {
    const want = expected.boston[name]!;
    const [[xTrain, yTrain], [xTest, yTest]] = await bostonHousing.loadData({ ...src('boston_housing.npz'), ...want.options, dtype: 'float64' });
    expect(xTrain.shape).toEqual([want.train[0].length, 13]);
    expect(xTrain.dtype).toBe('float64');
    const [[x32]] = await bostonHousing.loadData({ ...src('boston_housing.npz'), ...want.options });
    expect(x32.dtype).toBe('float32');
    expect(values(x32)).toEqual(want.train[0].flat().map(Math.fround));
    expect(values(xTrain)).toEqual(want.train[0].flat());
    expect(values(yTrain)).toEqual(want.train[1]);
    expect(values(xTest)).toEqual(want.test[0].flat());
    expect(values(yTest)).toEqual(want.test[1]);
  });

  it.each(['large', 'small'] as const)('californiaHousing %s', async (version) => {
    const want = expected.california[version]!;
    const [[xTrain, yTrain], [xTest, yTest]] = await californiaHousing.loadData({ ...src('california_housing.npz'), version, ...(version === 'small' ? { seed: 5 } : {}) });
    expect([xTrain.shape[0], xTest.shape[0]]).toEqual(want.n);
    expect(values(yTrain)).toEqual(want.train_y);
    expect(values(yTest)).toEqual(want.test_y);
    expect(Array.from((xTrain.data as Float32Array).subarray(0, 8))).toEqual(want.train_x0);
    await expect(californiaHousing.loadData({ ...src('california_housing.npz'), version: 'medium' as 'small' })).rejects.toThrow(/Invalid `version`/);
  });
});

describe('image sets', () => {
  it('mnist: the npz arrays as they are', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await mnist.loadData(src('mnist.npz'));
    const check = (a: NDArray, k: string) => {
      const want = expected.mnist[k]!;
      expect(a.dtype).toBe('uint8');
      expect(a.shape).toEqual(want.shape);
      expect(values(a).reduce((s, v) => s + v, 0)).toBe(want.sum);
      expect(values(a).slice(0, 10)).toEqual(want.head);
    };
    check(xTrain, 'x_train');
    check(yTrain, 'y_train');
    check(xTest, 'x_test');
    check(yTest, 'y_test');
  });

  it('fashionMnist: four gzipped IDX files under datasets/fashion-mnist', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await fashionMnist.loadData({ cacheDir: cache, origin: server.url, progress: false });
    expect(xTrain.shape).toEqual([9, 28, 28]);
    expect(values(yTrain)).toEqual(expected.fashion.yTrain);
    expect(values(yTest)).toEqual(expected.fashion.yTest);
    expect(values(xTrain).reduce((s, v) => s + v, 0)).toBe(expected.fashion.xTrainSum);
    expect(values(xTest).slice(5 * 28, 6 * 28)).toEqual(expected.fashion.xTest0);
    expect(readdirSync(path.join(cache, 'datasets', 'fashion-mnist')).sort()).toEqual([
      't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
    ]);
  });

  it('cifar10: extracted once, batches unpickled, NCHW -> NHWC, y [n, 1]', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await cifar10.loadData(src('cifar-10-python.tar.gz'));
    const want = expected.cifar10;
    expect(xTrain.shape).toEqual(want.train.shape);
    expect(yTrain.shape).toEqual([want.train.y.length, 1]);
    expect(values(yTrain)).toEqual(want.train.y);
    expect(values(xTrain).slice(0, 12)).toEqual(want.train.head);
    const px = ((1 * 32 + 2) * 32 + 3) * 3;
    expect(values(xTrain).slice(px, px + 3)).toEqual(want.train.pixel);
    expect(values(xTest).slice(0, 12)).toEqual(want.test.head);
    expect(values(yTest)).toEqual(want.test.y);
    const [[chw]] = await cifar10.loadData({ ...src('cifar-10-python.tar.gz'), dataFormat: 'channelsFirst' });
    expect(chw.shape).toEqual([10, 3, 32, 32]);
    expect(values(chw).slice(0, 12)).toEqual(want.train.first_chw_head);
    expect(server.requests).toHaveLength(1);
  });

  it.each(['fine', 'coarse'] as const)('cifar100 labelMode %s', async (labelMode) => {
    const [[xTrain, yTrain], [, yTest]] = await cifar100.loadData({ ...src('cifar-100-python.tar.gz'), labelMode });
    const want = expected.cifar100[labelMode];
    expect(xTrain.shape).toEqual(want.train.shape);
    expect(values(yTrain)).toEqual(want.train.y);
    expect(values(yTest)).toEqual(want.test.y);
    expect(values(xTrain).slice(0, 12)).toEqual(want.train.head);
  });
});

describe('the cache, pins and offline mode', () => {
  it('Keras\' pinned hash is checked: a file that does not match the pin is refused and not cached', async () => {
    const err = await imdb.loadData({ cacheDir: cache, origin: `${server.url}imdb.npz`, progress: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/expected 69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f/);
    expect(readdirSync(path.join(cache, 'datasets'))).toEqual([]);
  });

  it('a second load uses the cache; DL_OFFLINE=1 then works with no connection', async () => {
    await bostonHousing.loadData(src('boston_housing.npz'));
    const prev = process.env['DL_OFFLINE'];
    process.env['DL_OFFLINE'] = '1';
    try {
      const [[x]] = await bostonHousing.loadData(src('boston_housing.npz'));
      expect(x.shape).toEqual([24, 13]);
      const err = await mnist.loadData(src('mnist.npz')).catch((e: unknown) => e);
      expect((err as DLError).code).toBe('offline');
    } finally {
      if (prev === undefined) delete process.env['DL_OFFLINE'];
      else process.env['DL_OFFLINE'] = prev;
    }
    expect(server.requests).toEqual(['boston_housing.npz']);
  });

  it('a corrupt cached file with no hash to catch it: FormatError naming the file, and the entry is removed', async () => {
    const file = path.join(cache, 'datasets', 'mnist.npz');
    await mnist.loadData(src('mnist.npz'));
    writeFileSync(file, fixture('mnist.npz').subarray(0, 5000));
    const err = await mnist.loadData({ ...src('mnist.npz'), fileHash: null, offline: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/no end-of-central-directory record.*was removed/);
    expect(existsSync(file)).toBe(false);
  });

  it('a corrupt CIFAR batch removes the extracted folder and the archive', async () => {
    await cifar10.loadData(src('cifar-10-python.tar.gz'));
    const dir = path.join(cache, 'datasets', 'cifar-10-batches-py-target_extracted');
    writeFileSync(path.join(dir, 'cifar-10-batches-py', 'data_batch_3'), new Uint8Array([0x80, 2, 0x7d]));
    await expect(cifar10.loadData(src('cifar-10-python.tar.gz'))).rejects.toThrow(/Invalid pickle ".*data_batch_3".*were removed/);
    expect(readdirSync(path.join(cache, 'datasets'))).toEqual([]);
    const [[x]] = await cifar10.loadData(src('cifar-10-python.tar.gz')); // downloads again
    expect(x.shape[0]).toBe(10);
  });
});
