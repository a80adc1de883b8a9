import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, DLError, FormatError, describeValue } from '@dl/tensor';
import type { InflateLimits } from '../limits';
import { fsyncDir } from './atomic';
import { extractArchive } from './extract';

/** Options of {@link getFile}, after Keras' `get_file`. */
export interface GetFileOptions {
  /** The file name in the cache (no `/`, `\`, `.` or `..`). Default: the URL's last path segment. */
  fname?: string;
  /** The expected hash: 64 hex digits for SHA-256, 32 for MD5. Verified on download and on every cache hit. */
  fileHash?: string;
  /** `"auto"` (by the hash's length), `"sha256"` or `"md5"`. Default `"auto"`. */
  hashAlgorithm?: 'auto' | 'sha256' | 'md5';
  /** The cache root. Default `$DL_HOME`, else `~/.dl`; `os.tmpdir()/.dl` when that is not writable. */
  cacheDir?: string;
  /** The folder under the cache root. Default `"datasets"`. */
  cacheSubdir?: string;
  /** Extract the archive (zip, tar, tar.gz) into `<fname>_extracted/` and return that folder. Default false. */
  extract?: boolean;
  /** Archive format for `extract`. Default `"auto"`. */
  archiveFormat?: 'auto' | 'zip' | 'tar';
  /** Download even when a verified copy is cached. Default false. */
  forceDownload?: boolean;
  /** Never open a connection: use the cache or fail. Default: `DL_OFFLINE=1` in the environment. */
  offline?: boolean;
  /** Show a progress bar on stderr (`true`), none (`false`), or call a function. Default: when stderr is a TTY. */
  progress?: boolean | ((received: number, total: number | undefined) => void);
  /** Connection attempts after a drop, each resuming with a Range request. Default 5. */
  retries?: number;
  /** Decompression-bomb limits for `extract`. */
  limits?: InflateLimits;
}

const NAME_OK = (n: string) => n !== '' && n !== '.' && n !== '..' && !n.includes('/') && !n.includes('\\') && !n.includes('\0');

/**
 * The dl home folder: `$DL_HOME`, else `~/.dl`.
 * @example
 * ```ts
 * dlHome(); // "/home/me/.dl"
 * ```
 */
export function dlHome(): string {
  const env = process.env['DL_HOME'];
  return env !== undefined && env !== '' ? path.resolve(env) : path.join(os.homedir(), '.dl');
}

/**
 * The hash of a file, streamed.
 * @param file The path.
 * @param algorithm `"sha256"` or `"md5"`.
 * @returns Lower-case hex.
 * @example
 * ```ts
 * await hashFile('mnist.npz', 'sha256');
 * ```
 */
export async function hashFile(file: string, algorithm: 'sha256' | 'md5'): Promise<string> {
  const h = createHash(algorithm);
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Downloads a file into the dl cache unless a verified copy is there, like Keras'
 * `get_file`, and returns its path.
 *
 * - The cache is `<cacheDir>/<cacheSubdir>/<fname>` (`$DL_HOME/datasets/...` by default).
 * - A cached file is re-hashed on every call; a mismatch deletes it and downloads again.
 * - The download goes to `<fname>.part` (never the final path); a dropped connection is
 *   resumed with an HTTP Range request (up to `retries` times; a server that answers 200
 *   instead of 206 restarts from zero); a partial file left by a killed process is resumed
 *   when the server's ETag matches, else discarded.
 * - When complete, the file is hashed; a mismatch deletes it and throws. Then it is
 *   fsynced and renamed into place. A lock file serializes concurrent callers.
 * - `DL_OFFLINE=1` (or `offline: true`) never opens a connection.
 * - `extract: true` extracts safely (see `extractArchive`) into `<fname>_extracted/`.
 *
 * @param origin The URL (http or https).
 * @param options See {@link GetFileOptions}.
 * @returns The file's path (or the extracted folder's).
 * @throws ConfigError for a bad `fname` or hash; DLError code `offline` when offline
 * and not cached; DLError code `download` for HTTP errors and exhausted retries;
 * FormatError on a hash or size mismatch (the file is deleted).
 *
 * @example
 * ```ts
 * const p = await getFile('https://example.org/data.npz', { fileHash: '<sha256>' });
 * ```
 */
export async function getFile(origin: string, options: GetFileOptions = {}): Promise<string> {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new ConfigError(`Invalid \`origin\` for getFile: expected an http(s) URL, received ${describeValue(origin)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`Invalid \`origin\` for getFile: expected an http(s) URL, received ${describeValue(origin)}.`);
  }
  const fname = options.fname ?? decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (!NAME_OK(fname)) {
    throw new ConfigError(`Invalid \`fname\` for getFile: expected a plain file name (not empty, ".", ".." or containing "/" or "\\"), received ${describeValue(fname)}; pass \`fname\`.`);
  }
  const algorithm = hashAlgorithm(options);
  const expected = options.fileHash?.toLowerCase();
  const dir = await cacheFolder(options);
  const target = path.join(dir, fname);
  const offline = options.offline ?? process.env['DL_OFFLINE'] === '1';

  const release = await lock(target);
  let fresh = false;
  try {
    let cached = options.forceDownload !== true && (await exists(target));
    if (cached && expected !== undefined && algorithm !== undefined) {
      const actual = await hashFile(target, algorithm);
      if (actual !== expected) {
        await fsp.rm(target, { force: true });
        cached = false;
        if (offline) {
          throw new DLError(`Offline and the cached file ${target} failed verification (${algorithm} ${actual}, expected ${expected}); it was removed. Unset DL_OFFLINE to download it again.`, { code: 'offline' });
        }
      }
    }
    if (!cached) {
      if (offline) {
        throw new DLError(`Offline and not cached: ${target}${expected !== undefined ? ` (${algorithm} ${expected})` : ''}. Unset DL_OFFLINE, or copy the file there.`, { code: 'offline' });
      }
      await download(url, target, options, algorithm, expected);
      fresh = true;
    }
  } finally {
    await release();
  }
  if (options.extract !== true) return target;
  const out = `${target}_extracted`;
  if (fresh || !(await exists(out))) {
    await fsp.rm(out, { recursive: true, force: true });
    await extractArchive(target, out, { format: options.archiveFormat ?? 'auto', ...(options.limits ?? {}) });
  }
  return out;
}

function hashAlgorithm(options: GetFileOptions): 'sha256' | 'md5' | undefined {
  if (options.fileHash === undefined) return undefined;
  const h = options.fileHash;
  const alg = options.hashAlgorithm ?? 'auto';
  const resolved = alg === 'auto' ? (h.length === 64 ? 'sha256' : 'md5') : alg;
  const len = resolved === 'sha256' ? 64 : 32;
  if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) {
    throw new ConfigError(`Invalid \`fileHash\` for getFile: expected ${len} hex digits (${resolved}), received ${describeValue(h)}.`);
  }
  return resolved;
}

async function cacheFolder(options: GetFileOptions): Promise<string> {
  const sub = options.cacheSubdir ?? 'datasets';
  const primary = path.join(options.cacheDir !== undefined ? path.resolve(options.cacheDir) : dlHome(), sub);
  try {
    await fsp.mkdir(primary, { recursive: true });
    await fsp.access(primary, 2 /* W_OK */);
    return primary;
  } catch (e) {
    if (options.cacheDir !== undefined) throw e;
    const fallback = path.join(os.tmpdir(), '.dl', sub);
    await fsp.mkdir(fallback, { recursive: true });
    return fallback;
  }
}

async function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(() => true, () => false);
}

/** A lock file beside the target; waits for another process's download to finish. */
async function lock(target: string): Promise<() => Promise<void>> {
  const lockPath = `${target}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      const h = await fsp.open(lockPath, 'wx');
      await h.writeFile(String(process.pid));
      await h.close();
      return () => fsp.rm(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number.parseInt(await fsp.readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        await fsp.rm(lockPath, { force: true }); // the owner died: a stale lock
        continue;
      }
      if (Date.now() - started > 3_600_000) throw new DLError(`Timed out waiting for the lock ${lockPath}.`, { code: 'download' });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

function request(url: URL, headers: Record<string, string>, redirects = 0): Promise<Response> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.get(url, { headers: { 'user-agent': 'dl-io', ...headers } }, (res) => {
      const status = res.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status) && res.headers.location !== undefined) {
        res.resume();
        if (redirects >= 5) {
          reject(new DLError(`Download failed: too many redirects from ${url.href}.`, { code: 'download' }));
          return;
        }
        request(new URL(res.headers.location, url), headers, redirects + 1).then(resolve, reject);
        return;
      }
      resolve({ status, headers: res.headers, body: res });
    });
    req.on('error', reject);
  });
}

async function download(
  url: URL, target: string, options: GetFileOptions, algorithm: 'sha256' | 'md5' | undefined, expected: string | undefined,
): Promise<void> {
  const part = `${target}.part`;
  const meta = `${part}.json`;
  const retries = options.retries ?? 5;
  // A partial file from an earlier, killed process: resume only if we know its ETag.
  let etag: string | undefined;
  try {
    etag = (JSON.parse(await fsp.readFile(meta, 'utf8')) as { url?: string; etag?: string }).url === url.href
      ? (JSON.parse(await fsp.readFile(meta, 'utf8')) as { etag?: string }).etag : undefined;
  } catch {
    etag = undefined;
  }
  if (etag === undefined) await fsp.rm(part, { force: true });
  const progress = makeProgress(options, path.basename(target));
  let total: number | undefined;
  let failures = 0;
  let lastError: unknown;
  for (;;) {
    const have = (await fsp.stat(part).catch(() => null))?.size ?? 0;
    if (total !== undefined && have === total) break;
    const headers: Record<string, string> = {};
    if (have > 0 && etag !== undefined) {
      headers['range'] = `bytes=${have}-`;
      headers['if-range'] = etag;
    }
    let res: Response;
    try {
      res = await request(url, headers);
    } catch (e) {
      lastError = e;
      if (++failures > retries) break;
      continue;
    }
    if (res.status !== 200 && res.status !== 206) {
      res.body.resume();
      await fsp.rm(part, { force: true });
      await fsp.rm(meta, { force: true });
      throw new DLError(`Download failed: ${url.href} answered HTTP ${res.status}.`, { code: 'download' });
    }
    const newTag = typeof res.headers.etag === 'string' ? res.headers.etag : undefined;
    const length = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : undefined;
    let offset = 0;
    if (res.status === 206) {
      const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''));
      if (m === null || Number(m[1]) !== have) {
        res.body.resume();
        await fsp.rm(part, { force: true });
        etag = undefined;
        if (++failures > retries) break;
        continue;
      }
      offset = have;
      if (m[3] !== '*') total = Number(m[3]);
    } else {
      total = length;
    }
    etag = newTag;
    await fsp.writeFile(meta, JSON.stringify({ url: url.href, etag: newTag ?? null }));
    const handle = await fsp.open(part, offset > 0 ? 'a' : 'w');
    let received = offset;
    try {
      await new Promise<void>((resolve, reject) => {
        res.body.on('data', (chunk: Buffer) => {
          res.body.pause();
          handle.write(chunk).then(() => {
            received += chunk.length;
            progress(received, total);
            res.body.resume();
          }, reject);
        });
        res.body.on('end', () => resolve());
        res.body.on('aborted', () => reject(new Error('connection aborted')));
        res.body.on('error', reject);
        res.body.on('close', () => {
          if (!res.body.complete) reject(new Error('connection closed early'));
        });
      });
      await handle.sync();
    } catch (e) {
      lastError = e;
    } finally {
      await handle.close();
    }
    const size = (await fsp.stat(part)).size;
    if (total === undefined && lastError === undefined) {
      total = size;
    }
    if (total !== undefined && size === total) break;
    if (total !== undefined && size > total) {
      await fsp.rm(part, { force: true });
      etag = undefined;
    }
    lastError ??= new Error(`received ${size} of ${total ?? '?'} bytes`);
    if (++failures > retries) break;
    if (etag === undefined) await fsp.rm(part, { force: true });
    lastError = undefined;
  }
  progress.done();
  const size = (await fsp.stat(part).catch(() => null))?.size;
  if (total === undefined || size !== total) {
    await fsp.rm(part, { force: true });
    await fsp.rm(meta, { force: true });
    throw new DLError(
      `Download failed: ${url.href} gave ${size ?? 0} of ${total ?? 'an unknown number of'} bytes after ${retries} retries${lastError instanceof Error ? ` (${lastError.message})` : ''}.`,
      { code: 'download', cause: lastError },
    );
  }
  if (algorithm !== undefined && expected !== undefined) {
    const actual = await hashFile(part, algorithm);
    if (actual !== expected) {
      await fsp.rm(part, { force: true });
      await fsp.rm(meta, { force: true });
      throw new FormatError(
        `Incomplete or corrupted file detected: ${url.href} (${size} bytes) has ${algorithm} ${actual}, expected ${expected}; it was deleted. The origin may have changed, or the download was corrupted.`,
      );
    }
  }
  await fsp.rename(part, target);
  await fsp.rm(meta, { force: true });
  await fsyncDir(path.dirname(target));
}

function makeProgress(options: GetFileOptions, label: string): ((received: number, total: number | undefined) => void) & { done: () => void } {
  const p = options.progress ?? Boolean(process.stderr.isTTY);
  if (typeof p === 'function') return Object.assign(p, { done: () => undefined });
  if (!p) return Object.assign(() => undefined, { done: () => undefined });
  let last = 0;
  let shown = false;
  const fn = (received: number, total: number | undefined) => {
    const now = Date.now();
    if (now - last < 100 && received !== total) return;
    last = now;
    shown = true;
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    if (total === undefined || total === 0) {
      process.stderr.write(`\r${label}: ${mb(received)} MB`);
      return;
    }
    const width = 30;
    const filled = Math.round((received / total) * width);
    process.stderr.write(`\r${label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${mb(received)}/${mb(total)} MB`);
  };
  return Object.assign(fn, { done: () => { if (shown) process.stderr.write('\n'); } });
}
