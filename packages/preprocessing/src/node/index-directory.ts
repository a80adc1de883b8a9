import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, describeValue, shuffle } from '@dl/tensor';
import { withSeed } from '../checks';

/** Options shared by the directory datasets (Keras' names and defaults). */
export interface DirectoryOptions {
  /** `'inferred'` (default: one subdirectory per class), `null` (no labels), or one integer label per file in sorted path order. */
  labels?: 'inferred' | null | readonly number[];
  /** `'int'` (default), `'categorical'` (one-hot), `'binary'` (two classes, float `[b, 1]`), or `null` (no labels). */
  labelMode?: 'int' | 'categorical' | 'binary' | null;
  /** With `labels: 'inferred'`: the subdirectories to use, in this order (default: all, sorted). */
  classNames?: readonly string[];
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** Shuffle the files (default true); also reshuffles each pass over the dataset. */
  shuffle?: boolean;
  /** Seed of the file shuffle (required with `validationSplit` and `shuffle`, so the two subsets do not overlap). */
  seed?: number;
  /** Fraction of the files kept for validation, in (0, 1). */
  validationSplit?: number;
  /** With `validationSplit`: `'training'`, `'validation'` or `'both'`. */
  subset?: 'training' | 'validation' | 'both';
  /** Follow symbolic links to subdirectories (default false). */
  followLinks?: boolean;
}

/** Files and labels found by {@link indexDirectory}. */
export interface DirectoryIndex {
  filePaths: string[];
  labels: Int32Array | null;
  classNames: string[] | null;
}

async function walkRoots(dir: string, followLinks: boolean, formats: readonly string[], roots: [string, string[]][]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      const s = await stat(full).catch(() => null);
      isFile = s?.isFile() ?? false;
      isDir = followLinks && (s?.isDirectory() ?? false);
    }
    if (isFile && formats.some((f) => e.name.toLowerCase().endsWith(f))) files.push(e.name);
    else if (isDir) await walkRoots(full, followLinks, formats, roots);
  }
  roots.push([dir, files.sort(cmp)]);
}

/** Python's `sorted(os.walk(dir), key=root)` with sorted files in each root: the files in Keras' order. */
async function walk(dir: string, followLinks: boolean, formats: readonly string[], out: string[]): Promise<void> {
  const roots: [string, string[]][] = [];
  await walkRoots(dir, followLinks, formats, roots);
  roots.sort((a, b) => cmp(a[0], b[0]));
  for (const [root, files] of roots) for (const f of files) out.push(path.join(root, f));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Lists the files of `directory` with the given extensions and their labels, as Keras'
 * `index_directory`: class subdirectories in alphanumeric order (dot-directories
 * skipped), files in path order, then one seeded shuffle of the whole list.
 *
 * @internal Used by the directory datasets.
 */
export async function indexDirectory(directory: string, formats: readonly string[], options: DirectoryOptions, where: string): Promise<DirectoryIndex> {
  const s = await stat(directory).catch(() => null);
  if (s === null || !s.isDirectory()) {
    throw new ConfigError(`Invalid \`directory\` for ${where}: expected an existing directory, received ${describeValue(directory)}.`);
  }
  const labelsOpt = options.labels === undefined ? 'inferred' : options.labels;
  const followLinks = options.followLinks ?? false;
  let classNames: string[] | null;
  const filePaths: string[] = [];
  let labels: Int32Array | null;
  if (labelsOpt === 'inferred') {
    const subdirs: string[] = [];
    for (const e of (await readdir(directory, { withFileTypes: true })).sort((a, b) => cmp(a.name, b.name))) {
      if (e.name.startsWith('.')) continue;
      const isDir = e.isDirectory() || (e.isSymbolicLink() && ((await stat(path.join(directory, e.name)).catch(() => null))?.isDirectory() ?? false));
      if (isDir) subdirs.push(e.name);
    }
    if (options.classNames !== undefined) {
      const missing = options.classNames.filter((c) => !subdirs.includes(c));
      if (missing.length > 0) {
        throw new ConfigError(`Invalid \`classNames\` for ${where}: expected names of subdirectories of the directory (${subdirs.join(', ')}), received ${describeValue(missing)}.`);
      }
      classNames = [...options.classNames];
    } else classNames = subdirs;
    const lab: number[] = [];
    for (const [k, name] of classNames.entries()) {
      const found: string[] = [];
      await walk(path.join(directory, name), followLinks, formats, found);
      filePaths.push(...found);
      for (let i = 0; i < found.length; i++) lab.push(k);
    }
    labels = Int32Array.from(lab);
  } else {
    if (options.classNames !== undefined) {
      throw new ConfigError(`Invalid \`classNames\` for ${where}: expected none unless \`labels\` is "inferred", received ${describeValue(options.classNames)}.`);
    }
    await walk(directory, followLinks, formats, filePaths);
    if (labelsOpt === null) {
      labels = null;
      classNames = null;
    } else {
      if (!Array.isArray(labelsOpt) || labelsOpt.length !== filePaths.length || !labelsOpt.every((l) => Number.isInteger(l) && l >= 0)) {
        throw new ConfigError(`Invalid \`labels\` for ${where}: expected "inferred", null, or ${filePaths.length} non-negative integers (one per file found), received ${describeValue(labelsOpt)}.`);
      }
      labels = Int32Array.from(labelsOpt);
      classNames = [...new Set(labelsOpt)].sort((a, b) => a - b).map(String);
    }
  }
  if (options.shuffle ?? true) {
    withSeed(options.seed, where, () => {
      const order = shuffle(Array.from(filePaths.keys()));
      const paths = order.map((i) => filePaths[i]!);
      filePaths.splice(0, filePaths.length, ...paths);
      if (labels !== null) labels = Int32Array.from(order, (i) => labels![i]!);
    });
  }
  return { filePaths, labels, classNames };
}
