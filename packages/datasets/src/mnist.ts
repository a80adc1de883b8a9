import { parseNpz, parseIdx, type NDArray } from '@dl/io';
import { numeric } from './arrays';
import { fetchPath, readParsed, KERAS_BASE_URL, type SourceOptions } from './source';
import type { LoadResult } from './types';

/** Keras' `mnist.npz`: name, URL and SHA-256. */
export const MNIST_FILE = { fname: 'mnist.npz', origin: `${KERAS_BASE_URL}mnist.npz`, fileHash: '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1' };

/** Options of {@link mnist}.loadData: Keras' `path` and where the file comes from. */
export interface MnistOptions extends SourceOptions {
  /** The file name in the cache. Default `"mnist.npz"`. */
  path?: string;
}

function mnistFromNpz(bytes: Uint8Array, name = 'mnist.npz'): LoadResult<NDArray> {
  const npz = parseNpz(bytes, { name });
  const get = (k: string, rank: number) => numeric(npz.get(k), `"${k}" in ${name}`, rank);
  return [[get('x_train', 3), get('y_train', 1)], [get('x_test', 3), get('y_test', 1)]];
}

/**
 * MNIST digits, as `keras.datasets.mnist`: 60,000 training and 10,000 test images,
 * uint8 `[n, 28, 28]`, labels uint8 `[n]`, from Keras' `mnist.npz` (SHA-256 pinned).
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await mnist.loadData();
 * xTrain.shape; // [60000, 28, 28]
 * ```
 */
export const mnist = {
  /**
   * Downloads (once) and reads the dataset.
   * @param options `path`, and `cacheDir`, `offline`, `origin`, `fileHash`, `progress`.
   * @returns `[[xTrain, yTrain], [xTest, yTest]]`.
   * @throws FormatError for a corrupt file (the cache entry is removed); see `getFile` for download errors.
   */
  async loadData(options: MnistOptions = {}): Promise<LoadResult<NDArray>> {
    const file = await fetchPath({ ...MNIST_FILE, fname: options.path ?? MNIST_FILE.fname }, options);
    return readParsed(file, (b, name) => mnistFromNpz(b, name));
  },
  /** The same from the bytes of `mnist.npz` (no file system: for the browser). */
  fromNpz: mnistFromNpz,
};

/** The four IDX files of Fashion-MNIST, in Keras' order (no hash in Keras' source). */
export const FASHION_MNIST_FILES = ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz'];

/** Options of {@link fashionMnist}.loadData. */
export interface FashionMnistOptions extends Omit<SourceOptions, 'fileHash'> {
  /** SHA-256 or MD5 per file name; Keras pins none. */
  fileHashes?: Record<string, string>;
}

function fashionFromIdx(files: Uint8Array[], names = FASHION_MNIST_FILES): LoadResult<NDArray> {
  const [yTrain, xTrain, yTest, xTest] = files.map((b, i) => parseIdx(b, { name: names[i]! })) as [NDArray, NDArray, NDArray, NDArray];
  return [[xTrain, yTrain], [xTest, yTest]];
}

/**
 * Fashion-MNIST, as `keras.datasets.fashion_mnist`: 60,000 + 10,000 uint8 `[n, 28, 28]`
 * images of clothes, labels uint8 `[n]` (0 T-shirt/top ... 9 ankle boot), from the four
 * gzipped IDX files Keras downloads into `datasets/fashion-mnist`.
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain]] = await fashionMnist.loadData();
 * ```
 */
export const fashionMnist = {
  /**
   * Downloads (once) and reads the dataset.
   * @param options `origin` is a folder URL ending in "/" that holds the four files.
   * @returns `[[xTrain, yTrain], [xTest, yTest]]`.
   * @throws FormatError for a corrupt file (its cache entry is removed).
   */
  async loadData(options: FashionMnistOptions = {}): Promise<LoadResult<NDArray>> {
    const base = options.origin ?? KERAS_BASE_URL;
    const files: Uint8Array[] = [];
    for (const fname of FASHION_MNIST_FILES) {
      const file = await fetchPath(
        { fname, origin: `${base}${fname}`, fileHash: options.fileHashes?.[fname], cacheSubdir: 'datasets/fashion-mnist' },
        { ...options, origin: `${base}${fname}` },
      );
      files.push(await readParsed(file, (b, name) => {
        parseIdx(b, { name }); // validate now, so a corrupt file is removed
        return b;
      }));
    }
    return fashionFromIdx(files);
  },
  /** The same from the four files' bytes, in the order of {@link FASHION_MNIST_FILES}. */
  fromIdx: (files: Uint8Array[]) => fashionFromIdx(files),
};
