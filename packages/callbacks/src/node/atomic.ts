import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes the temporary files a killed `writeFileAtomic` (of `@dl/io/node`,
 * which names them `.<name>.tmp-<pid>-<random>`) of `name` left in `dir`.
 */
export async function removeStaleTemps(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.tmp-`;
  for (const entry of await readdir(dir)) {
    if (entry.startsWith(prefix)) await unlink(path.join(dir, entry)).catch(() => undefined);
  }
}
