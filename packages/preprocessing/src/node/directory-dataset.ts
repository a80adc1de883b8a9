import { ConfigError, describeValue, oneHot, shuffle, tensor1d, tensor2d, tidy, type Tensor } from '@dl/tensor';
import { checkInt, checkOneOf } from '../checks';
import { indexDirectory, type DirectoryOptions } from './index-directory';

/** One batch of a directory dataset: `x` (strings or a tensor) and, with labels, `y` (what `@dl/models`' fit takes). */
export interface DirectoryBatch<X> {
  x: X;
  y?: Tensor;
}

/**
 * A dataset read from a directory: batches come from an async iterator that reads the
 * files of each batch when it is asked for (any number of passes; the caller disposes
 * the tensors of each batch).
 */
export interface DirectoryDataset<X> extends AsyncIterable<DirectoryBatch<X>> {
  /** The class names, in label order (null without labels). */
  readonly classNames: string[] | null;
  /** The files of this subset, in the order of the first pass. */
  readonly filePaths: readonly string[];
  /** Their integer labels (null without labels). */
  readonly labels: Int32Array | null;
  /** Number of batches per pass. */
  readonly length: number;
}

type Subset = 'training' | 'validation' | 'both';

/** Validates the shared options, indexes the directory, splits it, and wraps each part as a dataset. @internal */
export async function directoryDataset<X>(
  directory: string,
  formats: readonly string[],
  options: DirectoryOptions,
  where: string,
  load: (paths: string[]) => Promise<X>,
): Promise<DirectoryDataset<X> | [DirectoryDataset<X>, DirectoryDataset<X>]> {
  const batchSize = checkInt(options.batchSize ?? 32, 'batchSize', where, 1);
  const doShuffle = options.shuffle ?? true;
  const mode = options.labelMode === undefined ? 'int' : options.labelMode;
  let labelMode: 'int' | 'categorical' | 'binary' | null = mode === null ? null : checkOneOf(mode, ['int', 'categorical', 'binary'] as const, 'labelMode', where);
  if (options.labels === null) labelMode = null;
  const split = options.validationSplit;
  const subset = options.subset;
  if (split !== undefined && !(typeof split === 'number' && split > 0 && split < 1)) {
    throw new ConfigError(`Invalid \`validationSplit\` for ${where}: expected a fraction in (0, 1), received ${describeValue(split)}.`);
  }
  if ((split === undefined) !== (subset === undefined)) {
    throw new ConfigError(`Invalid options for ${where}: \`validationSplit\` and \`subset\` go together, received validationSplit ${describeValue(split)} and subset ${describeValue(subset)}.`);
  }
  if (subset !== undefined) checkOneOf(subset, ['training', 'validation', 'both'], 'subset', where);
  if (split !== undefined && doShuffle && options.seed === undefined) {
    throw new ConfigError(`Missing \`seed\` for ${where}: with \`validationSplit\` and \`shuffle\`, pass a seed so the training and validation subsets do not overlap.`);
  }
  const index = await indexDirectory(directory, formats, options, where);
  const numClasses = index.classNames?.length ?? 0;
  if (labelMode === 'binary' && numClasses !== 2) {
    throw new ConfigError(`Invalid \`labelMode\` for ${where}: "binary" needs exactly 2 classes, received ${numClasses} (${describeValue(index.classNames)}).`);
  }
  if (index.filePaths.length === 0) {
    throw new ConfigError(`No files for ${where}: expected files ending in ${formats.join(', ')} in ${describeValue(directory)}, received none.`);
  }
  const make = (paths: string[], labels: Int32Array | null): DirectoryDataset<X> => {
    const n = paths.length;
    const length = Math.ceil(n / batchSize);
    let passes = 0;
    return {
      classNames: index.classNames,
      filePaths: paths,
      labels,
      length,
      async *[Symbol.asyncIterator](): AsyncIterator<DirectoryBatch<X>> {
        const order = Array.from(paths.keys());
        if (doShuffle && passes > 0) shuffle(order);
        passes += 1;
        for (let b = 0; b < length; b++) {
          const rows = order.slice(b * batchSize, (b + 1) * batchSize);
          const x = await load(rows.map((i) => paths[i]!));
          const batch: DirectoryBatch<X> = { x };
          if (labels !== null && labelMode !== null) {
            const lab = rows.map((i) => labels[i]!);
            batch.y = tidy(() => {
              if (labelMode === 'int') return tensor1d(lab, 'int32');
              if (labelMode === 'binary') return tensor2d(lab, [lab.length, 1], 'float32');
              return oneHot(tensor1d(lab, 'int32'), numClasses, 1, 0, 'float32');
            });
          }
          yield batch;
        }
      },
    };
  };
  const all = make(index.filePaths, index.labels);
  if (split === undefined) return all;
  const numVal = Math.floor(split * index.filePaths.length);
  if (numVal === 0 || numVal === index.filePaths.length) {
    throw new ConfigError(`Invalid \`validationSplit\` for ${where}: ${split} of ${index.filePaths.length} files leaves one subset empty.`);
  }
  const cut = index.filePaths.length - numVal;
  const train = make(index.filePaths.slice(0, cut), index.labels?.slice(0, cut) ?? null);
  const val = make(index.filePaths.slice(cut), index.labels?.slice(cut) ?? null);
  return (subset as Subset) === 'training' ? train : (subset as Subset) === 'validation' ? val : [train, val];
}
