import { DLError, FormatError } from '@dl/tensor';

/** Where the Keras dataset files live. */
export const KERAS_BASE_URL = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

/** Options every loader takes: where the file comes from and where it is cached. */
export interface SourceOptions {
  /** The cache root. Default `$DL_HOME`, else `~/.dl` (the files go under `datasets/`). */
  cacheDir?: string;
  /** Never download: use the cache or fail. Default `DL_OFFLINE=1`. */
  offline?: boolean;
  /** Download from here instead of Keras' URL (a mirror, or a test server). */
  origin?: string;
  /** The expected hash (SHA-256 or MD5) instead of the pinned one; `null` skips verification. */
  fileHash?: string | null;
  /** Progress bar on stderr (`true`), none, or a callback. Default: when stderr is a TTY. */
  progress?: boolean | ((received: number, total: number | undefined) => void);
}

/** One file of a dataset, as Keras names it. */
export interface FileSpec {
  fname: string;
  origin: string;
  fileHash: string | undefined;
  cacheSubdir?: string;
  extract?: boolean;
}

/** Options for the one file a loader fetches. */
function resolved(spec: FileSpec, options: SourceOptions): Record<string, unknown> {
  const fileHash = options.fileHash === null ? undefined : options.fileHash ?? spec.fileHash;
  return {
    fname: spec.fname,
    ...(fileHash !== undefined ? { fileHash } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(options.offline !== undefined ? { offline: options.offline } : {}),
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
    ...(spec.cacheSubdir !== undefined ? { cacheSubdir: spec.cacheSubdir } : {}),
    ...(spec.extract === true ? { extract: true } : {}),
  };
}

type NodeIo = typeof import('@dl/io/node');
let nodeIo: Promise<NodeIo> | undefined;

/**
 * `@dl/io/node`, loaded on first use and hidden from bundlers (the loaders are Node-only;
 * a browser bundle of this package neither includes nor resolves the Node code).
 */
function io(): Promise<NodeIo> {
  nodeIo ??= import(/* webpackIgnore: true */ /* @vite-ignore */ '@dl/io/node') as Promise<NodeIo>;
  return nodeIo;
}

/** Node's `fs/promises`, without an import a browser bundler would try to resolve. */
export function nodeFs(): typeof import('node:fs/promises') {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (get === undefined) throw new DLError('The dataset loaders read files with Node (20.16 or newer); in a browser, fetch the file and use the `fromNpz` / `fromIdx` functions.', { code: 'unsupported' });
  return get('node:fs/promises') as typeof import('node:fs/promises');
}

/** Downloads (or finds in the cache) a dataset file and returns its local path. */
export async function fetchPath(spec: FileSpec, options: SourceOptions): Promise<string> {
  const { getFile } = await io();
  return getFile(options.origin ?? spec.origin, resolved(spec, options));
}

/**
 * Reads a cached file and parses it; when the parser finds it corrupt (a FormatError),
 * the cache entry is removed and the error names the file, so the next call downloads
 * a fresh copy.
 */
export async function readParsed<T>(file: string, parse: (bytes: Uint8Array, name: string) => T | Promise<T>): Promise<T> {
  const { readFile, rm } = nodeFs();
  const bytes = new Uint8Array(await readFile(file));
  try {
    return await parse(bytes, file);
  } catch (e) {
    if (e instanceof FormatError) {
      await rm(file, { force: true });
      throw new FormatError(`${e.message} The cached file ${file} was removed; the next call downloads it again.`, { cause: e });
    }
    throw e;
  }
}
