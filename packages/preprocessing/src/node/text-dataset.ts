import { readFile } from 'node:fs/promises';
import { checkInt } from '../checks';
import { directoryDataset, type DirectoryDataset } from './directory-dataset';
import type { DirectoryOptions } from './index-directory';

/** Options of {@link textDatasetFromDirectory}. */
export interface TextDirectoryOptions extends DirectoryOptions {
  /** Keep at most this many characters of each text (default: all). */
  maxLength?: number;
}

/**
 * A text dataset from a directory of `.txt` files, one subdirectory per class, as Keras'
 * `text_dataset_from_directory` (the book's IMDB example: `aclImdb/train/{neg,pos}`).
 * Node only (`@dl/preprocessing/node`).
 *
 * Batches are `{ x: string[], y }`; files are read when their batch is asked for.
 * `y` is int32 `[b]` (`labelMode: 'int'`), one-hot float32 `[b, numClasses]`
 * (`'categorical'`) or float32 `[b, 1]` (`'binary'`).
 *
 * @param directory The root directory.
 * @param options `labels`, `labelMode`, `classNames`, `batchSize` (32), `maxLength`, `shuffle` (true), `seed`, `validationSplit`, `subset`, `followLinks`.
 * @returns A dataset, or `[training, validation]` with `subset: 'both'`.
 * @throws ConfigError for a missing directory, no files, bad options, or `validationSplit` with `shuffle` and no `seed`.
 * @example
 * ```ts
 * import { textDatasetFromDirectory } from '@dl/preprocessing/node';
 * const [train, val] = await textDatasetFromDirectory('aclImdb/train', { validationSplit: 0.2, subset: 'both', seed: 1337 });
 * for await (const { x, y } of train) { ... }
 * ```
 */
export async function textDatasetFromDirectory(directory: string, options: TextDirectoryOptions & { subset: 'both' }): Promise<[DirectoryDataset<string[]>, DirectoryDataset<string[]>]>;
export async function textDatasetFromDirectory(directory: string, options?: TextDirectoryOptions): Promise<DirectoryDataset<string[]>>;
export async function textDatasetFromDirectory(
  directory: string,
  options: TextDirectoryOptions = {},
): Promise<DirectoryDataset<string[]> | [DirectoryDataset<string[]>, DirectoryDataset<string[]>]> {
  const where = 'textDatasetFromDirectory';
  const maxLength = options.maxLength === undefined ? undefined : checkInt(options.maxLength, 'maxLength', where, 1);
  return directoryDataset(directory, ['.txt'], options, where, async (paths) => {
    const texts = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
    return maxLength === undefined ? texts : texts.map((t) => [...t].slice(0, maxLength).join(''));
  });
}
