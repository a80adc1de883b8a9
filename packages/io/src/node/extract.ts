import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { DLError, FormatError } from '@dl/tensor';
import { gunzip, isGzip } from '../gzip';
import { DEFAULT_INFLATE_LIMITS, type InflateLimits } from '../limits';
import { parseTar } from '../tar';
import { listZip, readZipEntry } from '../zip';
import { fsyncDir } from './atomic';

/** Options of {@link extractArchive}. */
export interface ExtractOptions extends InflateLimits {
  /** `"auto"` (by magic bytes), `"zip"` or `"tar"` (plain or gzipped). Default `"auto"`. */
  format?: 'auto' | 'zip' | 'tar';
  /** Largest total of extracted bytes. Default `maxBytes` of the limits (2^31 - 1). */
  maxTotalBytes?: number;
}

/**
 * An archive entry would escape the extraction folder (`../`, an absolute or drive
 * path, a link pointing out or up, a path routed through a link). Code `unsafe-archive`.
 */
export class UnsafeArchiveError extends DLError {
  constructor(message: string) {
    super(message, { code: 'unsafe-archive' });
  }
}

/**
 * Extracts a zip, tar or tar.gz archive into `dest`, safely: every entry name must be
 * a relative path without `..`, drive letters or backslashes; symbolic links must be
 * relative and point downward (no `..`), hard links must name a file extracted before
 * (it is copied); nothing is written through a link; declared sizes are checked
 * against the decompression-bomb limits before inflating. The archive is extracted
 * into a temporary sibling folder that is renamed to `dest` at the end, so a failure
 * leaves no `dest` and nothing outside it.
 *
 * @param archive The archive's path, or its bytes.
 * @param dest The folder to create (it must not exist).
 * @param options Format and limits.
 * @returns The absolute path of `dest`.
 * @throws UnsafeArchiveError for an entry that would escape; FormatError for a corrupt
 * archive or a bomb; the fs error when `dest` exists.
 *
 * @example
 * ```ts
 * await extractArchive('cifar-10-python.tar.gz', 'cifar-10');
 * ```
 */
export async function extractArchive(archive: string | Uint8Array, dest: string, options: ExtractOptions = {}): Promise<string> {
  const label = typeof archive === 'string' ? path.basename(archive) : 'archive';
  const bytes = typeof archive === 'string' ? new Uint8Array(await fsp.readFile(archive)) : archive;
  const limits = { ...DEFAULT_INFLATE_LIMITS, ...options };
  const maxTotal = options.maxTotalBytes ?? limits.maxBytes;
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const format = options.format === undefined || options.format === 'auto' ? (isZip ? 'zip' : 'tar') : options.format;
  const target = path.resolve(dest);
  await fsp.mkdir(path.dirname(target), { recursive: true });
  try {
    await fsp.lstat(target);
    throw new DLError(`Cannot extract "${label}": the destination ${target} already exists.`, { code: 'exists' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  await fsp.mkdir(tmp);
  try {
    let total = 0;
    const count = (n: number) => {
      total += n;
      if (total > maxTotal) throw new FormatError(`Refusing to extract "${label}": more than ${maxTotal} bytes in total (a decompression bomb?).`);
    };
    if (format === 'zip') {
      for (const e of listZip(bytes, { name: label })) {
        if (e.isSymlink) {
          const linkTarget = new TextDecoder().decode(readZipEntry(bytes, e, { ...limits, name: label }));
          await writeLink(tmp, label, e.name, linkTarget);
          continue;
        }
        const rel = safeRelative(label, e.name);
        if (e.isDirectory) {
          await makeDir(tmp, label, rel);
          continue;
        }
        count(e.size);
        await writeEntry(tmp, label, rel, readZipEntry(bytes, e, { ...limits, name: label }), e.mode & 0o777);
      }
    } else {
      const tar = isGzip(bytes) ? gunzip(bytes, { ...limits, name: label }) : bytes;
      for (const e of parseTar(tar, { name: label })) {
        if (e.type === 'symlink') {
          await writeLink(tmp, label, e.name, e.linkName);
          continue;
        }
        const rel = safeRelative(label, e.name);
        if (e.type === 'directory') {
          await makeDir(tmp, label, rel);
        } else if (e.type === 'hardlink') {
          const src = safeRelative(label, e.linkName, 'hard link target');
          const from = await checkNoLinks(tmp, label, src, true);
          const st = await fsp.lstat(from).catch(() => null);
          if (st === null || !st.isFile()) throw new UnsafeArchiveError(`Unsafe archive "${label}": the hard link "${e.name}" points at "${e.linkName}", which is not a file extracted before it.`);
          count(st.size);
          await writeEntry(tmp, label, rel, new Uint8Array(await fsp.readFile(from)), st.mode & 0o777);
        } else if (e.type === 'file') {
          count(e.data.length);
          await writeEntry(tmp, label, rel, e.data, e.mode & 0o777);
        } // devices, fifos and the like are skipped, as tarfile's "data" filter does
      }
    }
    await fsp.rename(tmp, target);
    await fsyncDir(path.dirname(target));
    return target;
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Splits an entry name into safe components, or throws. */
function safeRelative(label: string, name: string, what = 'entry'): string[] {
  const reject = (why: string): never => {
    throw new UnsafeArchiveError(`Unsafe archive "${label}": ${what} "${name}" ${why}; it would escape the extraction folder.`);
  };
  if (name.includes('\0')) reject('contains a NUL byte');
  if (name.includes('\\')) reject('contains a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) reject('is an absolute or drive path');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) reject('has a ".." component');
  if (parts.length === 0) reject('is empty');
  return parts;
}

/** Resolves components under root, refusing to pass through any existing symlink. */
async function checkNoLinks(root: string, label: string, parts: string[], includeLast = false): Promise<string> {
  let p = root;
  for (let i = 0; i < parts.length; i++) {
    p = path.join(p, parts[i]!);
    if (i === parts.length - 1 && !includeLast) break;
    const st = await fsp.lstat(p).catch(() => null);
    if (st?.isSymbolicLink()) {
      throw new UnsafeArchiveError(`Unsafe archive "${label}": entry "${parts.join('/')}" is routed through the link "${parts.slice(0, i + 1).join('/')}"; it would escape the extraction folder.`);
    }
  }
  return p;
}

async function makeDir(root: string, label: string, parts: string[]): Promise<void> {
  const p = await checkNoLinks(root, label, parts, true);
  await fsp.mkdir(p, { recursive: true });
}

async function writeEntry(root: string, label: string, parts: string[], data: Uint8Array, mode: number): Promise<void> {
  const p = await checkNoLinks(root, label, parts);
  await fsp.mkdir(path.dirname(p), { recursive: true });
  const existing = await fsp.lstat(p).catch(() => null);
  if (existing?.isSymbolicLink()) throw new UnsafeArchiveError(`Unsafe archive "${label}": entry "${parts.join('/')}" would overwrite a link.`);
  await fsp.writeFile(p, data, { mode: (mode & 0o755) | 0o600 });
}

async function writeLink(root: string, label: string, name: string, linkTarget: string): Promise<void> {
  const parts = safeRelative(label, name);
  if (linkTarget === '' || linkTarget.startsWith('/') || /^[A-Za-z]:/.test(linkTarget) || linkTarget.includes('\\') ||
    linkTarget.split('/').some((p) => p === '..')) {
    throw new UnsafeArchiveError(`Unsafe archive "${label}": the link "${name}" points to "${linkTarget}"; links must be relative and point downward, or they could escape the extraction folder.`);
  }
  const p = await checkNoLinks(root, label, parts);
  await fsp.mkdir(path.dirname(p), { recursive: true });
  await fsp.symlink(linkTarget, p);
}
