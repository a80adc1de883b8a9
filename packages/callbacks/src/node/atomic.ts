import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `data` to `file` atomically: a temporary file in the same directory
 * (`.<name>.tmp-<pid>-<random>`), written and fsynced, renamed over `file`,
 * then the directory fsynced. A crash at any point leaves either the old file
 * or the new one, never a half-written file. (A stand-in until `@dl/io`'s
 * shared `writeFileAtomic`.)
 *
 * @param file The target path.
 * @param data The bytes or text to write.
 * @example
 * ```ts
 * await writeFileAtomic('backup/state.json', JSON.stringify(state));
 * ```
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic.
  }
}

/** Removes the temporary files a killed `writeFileAtomic` of `name` left in `dir`. */
export async function removeStaleTemps(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.tmp-`;
  for (const entry of await readdir(dir)) {
    if (entry.startsWith(prefix)) await unlink(path.join(dir, entry)).catch(() => undefined);
  }
}
