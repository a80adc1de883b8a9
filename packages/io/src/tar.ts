import { FormatError } from '@dl/tensor';

/** One member of a tar archive. */
export interface TarEntry {
  /** The stored path (from a pax or GNU long-name header when there is one; not validated here). */
  name: string;
  /** What the entry is. */
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** The link target for links, else "". */
  linkName: string;
  /** The Unix mode bits. */
  mode: number;
  /** The member's bytes (a view into the archive); empty for non-files. */
  data: Uint8Array;
}

/**
 * Lists a tar archive (ustar, GNU long names, pax headers), checking every header's
 * checksum and that each member's data is inside the archive. To read a `.tar.gz`,
 * `gunzip` it first.
 *
 * @param bytes The uncompressed archive.
 * @param options `name` for messages.
 * @returns The entries in archive order.
 * @throws FormatError naming the archive: a bad checksum, a size field that is not a
 * number, data past the end (truncated).
 *
 * @example
 * ```ts
 * parseTar(new Uint8Array(1024)); // [] (an empty archive: two zero blocks)
 * ```
 */
export function parseTar(bytes: Uint8Array, options: { name?: string } = {}): TarEntry[] {
  const name = options.name ?? 'archive.tar';
  const bad = (what: string): never => {
    throw new FormatError(`Invalid tar file "${name}": ${what}.`);
  };
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8');
  const str = (off: number, len: number) => {
    const b = bytes.subarray(off, off + len);
    const z = b.indexOf(0);
    return utf8.decode(z < 0 ? b : b.subarray(0, z));
  };
  const octal = (off: number, len: number, what: string): number => {
    if (bytes[off]! & 0x80) { // base-256 (GNU)
      let v = 0;
      for (let i = 1; i < len; i++) v = v * 256 + bytes[off + i]!;
      if (!Number.isSafeInteger(v)) bad(`the ${what} field overflows`);
      return v;
    }
    const s = latin1.decode(bytes.subarray(off, off + len)).replace(/[\0 ]+$/, '').trim();
    if (s === '') return 0;
    if (!/^[0-7]+$/.test(s)) bad(`the ${what} field at byte ${off} is not octal: ${JSON.stringify(s)}`);
    return Number.parseInt(s, 8);
  };
  const entries: TarEntry[] = [];
  let pos = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  while (pos + 512 <= bytes.length) {
    const block = bytes.subarray(pos, pos + 512);
    if (block.every((b) => b === 0)) return entries;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
    const stored = octal(pos + 148, 8, 'checksum');
    if (stored !== sum) bad(`the header at byte ${pos} has checksum ${stored}, computed ${sum} (corrupt or not a tar)`);
    const size = octal(pos + 124, 12, 'size');
    const typeflag = String.fromCharCode(block[156]!);
    const dataStart = pos + 512;
    if (dataStart + size > bytes.length) bad(`the member at byte ${pos} needs ${size} bytes, only ${bytes.length - dataStart} remain (truncated)`);
    const data = bytes.subarray(dataStart, dataStart + size);
    pos = dataStart + Math.ceil(size / 512) * 512;
    if (typeflag === 'L') { longName = str(dataStart, size); continue; }
    if (typeflag === 'K') { longLink = str(dataStart, size); continue; }
    if (typeflag === 'x' || typeflag === 'g') {
      if (typeflag === 'x') pax = parsePax(utf8.decode(data), bad);
      continue;
    }
    const h = dataStart - 512;
    const prefix = latin1.decode(block.subarray(257, 263)).startsWith('ustar') ? str(h + 345, 155) : '';
    let entryName = pax['path'] ?? longName ?? (prefix ? `${prefix}/${str(h, 100)}` : str(h, 100));
    const linkName = pax['linkpath'] ?? longLink ?? str(h + 157, 100);
    longName = undefined;
    longLink = undefined;
    pax = {};
    const type: TarEntry['type'] = typeflag === '0' || typeflag === '\0' || typeflag === '7' ? 'file'
      : typeflag === '5' ? 'directory' : typeflag === '2' ? 'symlink' : typeflag === '1' ? 'hardlink' : 'other';
    if (type === 'directory' && !entryName.endsWith('/')) entryName += '/';
    entries.push({ name: entryName, type, linkName, mode: octal(h + 100, 8, 'mode'), data: type === 'file' ? data : data.subarray(0, 0) });
  }
  if (pos !== bytes.length) bad(`${bytes.length - pos} stray bytes at the end (truncated)`);
  return entries;
}

function parsePax(text: string, bad: (w: string) => never): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^\d+ ([^=]+)=(.*)$/s.exec(line);
    if (m === null) bad(`a malformed pax record ${JSON.stringify(line.slice(0, 60))}`);
    out[m![1]!] = m![2]!;
  }
  return out;
}
