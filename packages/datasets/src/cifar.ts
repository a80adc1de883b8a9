import { ConfigError, FormatError, describeValue } from '@dl/tensor';
import { unpickle, type NDArray } from '@dl/io';
import { fetchPath, nodeFs, type SourceOptions } from './source';
import type { LoadResult } from './types';

/** Keras' CIFAR-10 archive: the cache name, URL and SHA-256. */
export const CIFAR10_FILE = { fname: 'cifar-10-batches-py-target', origin: 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz', fileHash: '6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce' };
/** Keras' CIFAR-100 archive: the cache name, URL and SHA-256. */
export const CIFAR100_FILE = { fname: 'cifar-100-python-target', origin: 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz', fileHash: '85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7' };

/** Options of the CIFAR loaders. */
export interface CifarOptions extends SourceOptions {
  /** `"channelsLast"` gives `[n, 32, 32, 3]` (Keras' default); `"channelsFirst"` `[n, 3, 32, 32]`. */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/**
 * Reads one pickled CIFAR batch (`data_batch_1`, `test_batch`, `train`, `test`) with
 * the restricted unpickler: images uint8 `[n, 3, 32, 32]` and the labels under `labelKey`.
 *
 * @throws FormatError naming the file when it is not such a batch.
 */
export function parseCifarBatch(bytes: Uint8Array, labelKey: string, name = 'batch'): { x: NDArray<'uint8'>; y: Uint8Array } {
  const d = unpickle(bytes, { name });
  const bad = (what: string): never => {
    throw new FormatError(`Invalid CIFAR batch "${name}": ${what}.`);
  };
  if (!(d instanceof Map)) return bad(`expected a pickled dict, received ${describeValue(d)}`);
  const data = d.get('data') as NDArray | undefined;
  const labels = d.get(labelKey) as unknown;
  if (data === undefined || data.dtype !== 'uint8' || data.shape.length !== 2 || data.shape[1] !== 3072) {
    bad(`expected "data" of uint8 [n, 3072], received ${data === undefined ? 'nothing' : `${data.dtype} ${describeValue(data.shape)}`}`);
  }
  const n = data!.shape[0]!;
  if (!Array.isArray(labels) || labels.length !== n || !labels.every((v) => Number.isInteger(v) && v >= 0 && v < 256)) {
    bad(`expected "${labelKey}" to be ${n} integer labels`);
  }
  return { x: { dtype: 'uint8', shape: [n, 3, 32, 32], data: data!.data as Uint8Array }, y: Uint8Array.from(labels as number[]) };
}

function assemble(batches: { x: NDArray<'uint8'>; y: Uint8Array }[], format: 'channelsLast' | 'channelsFirst'): [NDArray<'uint8'>, NDArray<'uint8'>] {
  const n = batches.reduce((s, b) => s + b.y.length, 0);
  const x = new Uint8Array(n * 3072);
  const y = new Uint8Array(n);
  let row = 0;
  for (const b of batches) {
    if (format === 'channelsFirst') {
      x.set(b.x.data, row * 3072);
    } else {
      for (let i = 0; i < b.y.length; i++) {
        const src = i * 3072;
        const dst = (row + i) * 3072;
        for (let p = 0; p < 1024; p++) {
          x[dst + p * 3] = b.x.data[src + p]!;
          x[dst + p * 3 + 1] = b.x.data[src + 1024 + p]!;
          x[dst + p * 3 + 2] = b.x.data[src + 2048 + p]!;
        }
      }
    }
    y.set(b.y, row);
    row += b.y.length;
  }
  return [
    { dtype: 'uint8', shape: format === 'channelsLast' ? [n, 32, 32, 3] : [n, 3, 32, 32], data: x },
    { dtype: 'uint8', shape: [n, 1], data: y },
  ];
}

async function loadCifar(spec: typeof CIFAR10_FILE, folder: string, files: [string[], string[]], labelKey: string, options: CifarOptions, who: string): Promise<LoadResult<NDArray>> {
  const format = options.dataFormat ?? 'channelsLast';
  if (format !== 'channelsLast' && format !== 'channelsFirst') {
    throw new ConfigError(`Invalid \`dataFormat\` for ${who}: expected "channelsLast" or "channelsFirst", received ${describeValue(format)}.`);
  }
  const dir = await fetchPath({ ...spec, extract: true }, options);
  const { readFile, rm } = nodeFs();
  const read = async (names: string[]) => {
    const out = [];
    for (const f of names) {
      const file = `${dir}/${folder}/${f}`;
      try {
        out.push(parseCifarBatch(new Uint8Array(await readFile(file)), labelKey, file));
      } catch (e) {
        if (!(e instanceof FormatError) && (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        // A corrupt or missing batch: drop the extracted folder and the archive, so the next call starts over.
        await rm(dir, { recursive: true, force: true });
        await rm(dir.replace(/_extracted$/, ''), { force: true });
        throw new FormatError(`${(e as Error).message} The cached ${who} files in ${dir} were removed; the next call downloads them again.`, { cause: e });
      }
    }
    return out;
  };
  const train = assemble(await read(files[0]), format);
  const test = assemble(await read(files[1]), format);
  return [train, test];
}

/**
 * CIFAR-10, as `keras.datasets.cifar10`: 50,000 + 10,000 uint8 images `[n, 32, 32, 3]`
 * (or channels first), labels uint8 `[n, 1]` in [0, 10). The archive (SHA-256 pinned)
 * is extracted safely into the cache once; the pickled batches are read with the
 * restricted unpickler.
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await cifar10.loadData();
 * ```
 */
export const cifar10 = {
  /**
   * @param options `dataFormat` and the source.
   * @throws FormatError for a corrupt batch (the cached archive and folder are removed).
   */
  loadData(options: CifarOptions = {}): Promise<LoadResult<NDArray>> {
    const train = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}`);
    return loadCifar(CIFAR10_FILE, 'cifar-10-batches-py', [train, ['test_batch']], 'labels', options, 'cifar10.loadData');
  },
};

/**
 * CIFAR-100, as `keras.datasets.cifar100`: 50,000 + 10,000 uint8 images, labels uint8
 * `[n, 1]`: 100 fine classes, or 20 coarse ones with `labelMode: "coarse"` (Keras' labels
 * are int64; these are uint8).
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain]] = await cifar100.loadData({ labelMode: 'coarse' });
 * ```
 */
export const cifar100 = {
  /**
   * @param options `labelMode` ("fine" or "coarse"), `dataFormat` and the source.
   * @throws ConfigError for a bad `labelMode`; FormatError for a corrupt file.
   */
  loadData(options: CifarOptions & { labelMode?: 'fine' | 'coarse' } = {}): Promise<LoadResult<NDArray>> {
    const mode = options.labelMode ?? 'fine';
    if (mode !== 'fine' && mode !== 'coarse') {
      return Promise.reject(new ConfigError(`Invalid \`labelMode\` for cifar100.loadData: expected "fine" or "coarse", received ${describeValue(mode)}.`));
    }
    return loadCifar(CIFAR100_FILE, 'cifar-100-python', [['train'], ['test']], `${mode}_labels`, options, 'cifar100.loadData');
  },
};
