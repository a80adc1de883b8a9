import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file atomically: the bytes go to a temporary file in the same directory
 * (`.<name>.tmp-<pid>-<random>`), which is fsynced, renamed over the target, and the
 * directory fsynced, so a crash leaves either the old file or the new one, never a
 * partial one. On any error the temporary file is removed.
 *
 * @param file The target path (its directory must exist).
 * @param bytes The content.
 * @throws The underlying fs error (ENOENT for a missing directory, EACCES...).
 *
 * @example
 * ```ts
 * await writeFileAtomic('model.safetensors', encodeSafetensors(weights));
 * ```
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(tmp, 'wx', 0o644);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fsp.rename(tmp, file);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

/** fsyncs a directory so a rename in it is durable (a no-op where directories cannot be opened, e.g. Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  let h: fsp.FileHandle | undefined;
  try {
    h = await fsp.open(dir, 'r');
    await h.sync();
  } catch {
    // Not supported on this platform or file system: the rename is still atomic.
  } finally {
    await h?.close().catch(() => undefined);
  }
}
