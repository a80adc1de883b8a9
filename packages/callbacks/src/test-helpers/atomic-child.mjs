// The child of the crash-during-write test: rewrites one file with writeFileAtomic (@dl/io/node,
// which BackupAndRestore and CSVLogger write with) in a loop,
// each version 4 MiB of one byte value (the version number), printing each version once written.
// Usage: node atomic-child.mjs <file>
import { writeFileAtomic } from '@dl/io/node';

const [file] = process.argv.slice(2);
for (let version = 1; ; version++) {
  const bytes = new Uint8Array(4 << 20).fill(version % 256);
  await writeFileAtomic(file, bytes);
  process.stdout.write(`wrote ${version}\n`);
}
