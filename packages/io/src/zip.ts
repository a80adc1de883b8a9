import { FormatError, describeValue } from '@dl/tensor';
import { deflateSync, inflateSync } from 'fflate';
import { checkInflate, crc32, type InflateLimits } from './limits';

/** One member of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  /** The stored path (forward slashes; not validated here: see `extractArchive`). */
  name: string;
  /** 0 (stored) or 8 (deflate). */
  method: number;
  /** Bytes in the archive. */
  compressedSize: number;
  /** Bytes once inflated, as declared. */
  size: number;
  /** The declared CRC-32. */
  crc: number;
  /** A directory entry (name ends with "/"). */
  isDirectory: boolean;
  /** A symbolic link (Unix mode in the external attributes). */
  isSymlink: boolean;
  /** The Unix mode bits, or 0 when the archive has none. */
  mode: number;
  /** Offset of the local header. */
  localOffset: number;
}

/**
 * Lists a zip archive's members from its central directory (zip64 included).
 *
 * @param bytes The whole archive.
 * @param options `name` for messages.
 * @returns The entries, in directory order.
 * @throws FormatError naming the archive when no end-of-central-directory record is
 * found, or a record points outside the file.
 *
 * @example
 * ```ts
 * listZip(encodeZip({ 'a.txt': new Uint8Array([1]) })).map((e) => e.name); // ["a.txt"]
 * ```
 */
export function listZip(bytes: Uint8Array, options: { name?: string } = {}): ZipEntry[] {
  const name = options.name ?? 'archive.zip';
  const bad = (what: string): never => {
    throw new FormatError(`Invalid zip file "${name}": ${what}.`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) bad(`no end-of-central-directory record in ${bytes.length} bytes (not a zip, or truncated)`);
  let count = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
    const z64 = safe(view.getBigUint64(eocd - 12, true), bytes.length, bad);
    if (z64 + 56 > bytes.length || view.getUint32(z64, true) !== 0x06064b50) bad('a broken zip64 end record');
    count = safe(view.getBigUint64(z64 + 32, true), bytes.length, bad);
    cdOffset = safe(view.getBigUint64(z64 + 48, true), bytes.length, bad);
  }
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) bad(`central directory entry ${i} at byte ${p} is missing or truncated`);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const external = view.getUint32(p + 38, true);
    let localOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLen + extraLen > bytes.length) bad(`central directory entry ${i} runs past the end`);
    const entryName = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field: the 0xffffffff fields, in order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff && q + 8 <= e + 4 + len) { size = safe(view.getBigUint64(q, true), Number.MAX_SAFE_INTEGER, bad); q += 8; }
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) { compressedSize = safe(view.getBigUint64(q, true), bytes.length, bad); q += 8; }
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) { localOffset = safe(view.getBigUint64(q, true), bytes.length, bad); }
      }
      e += 4 + len;
    }
    const mode = (external >>> 16) & 0xffff;
    entries.push({
      name: entryName, method, compressedSize, size, crc, localOffset, mode,
      isDirectory: entryName.endsWith('/'),
      isSymlink: (mode & 0o170000) === 0o120000,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Reads one member's bytes, inflating it if needed, after the bomb check; the size and
 * CRC-32 are verified.
 *
 * @throws FormatError naming the archive and the member: an unsupported method, data
 * outside the file, a size or CRC mismatch, or a breach of the limits.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, options: InflateLimits & { name?: string } = {}): Uint8Array {
  const name = options.name ?? 'archive.zip';
  const bad = (what: string): never => {
    throw new FormatError(`Invalid zip file "${name}", member "${entry.name}": ${what}.`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = entry.localOffset;
  if (lo + 30 > bytes.length || view.getUint32(lo, true) !== 0x04034b50) bad(`no local header at byte ${lo}`);
  const start = lo + 30 + view.getUint16(lo + 26, true) + view.getUint16(lo + 28, true);
  if (start + entry.compressedSize > bytes.length) {
    bad(`truncated: the data needs ${entry.compressedSize} bytes at ${start}, the file has ${bytes.length}`);
  }
  const raw = bytes.subarray(start, start + entry.compressedSize);
  let out: Uint8Array;
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) bad(`a stored member declares ${entry.size} bytes but holds ${entry.compressedSize}`);
    out = raw.slice();
  } else if (entry.method === 8) {
    checkInflate(`zip member "${entry.name}" of "${name}"`, entry.size, entry.compressedSize, options);
    try {
      out = inflateSync(raw, { out: new Uint8Array(entry.size) });
    } catch (e) {
      return bad(`the deflate stream is corrupt (${(e as Error).message})`);
    }
  } else {
    return bad(`unsupported compression method ${entry.method} (only stored and deflate)`);
  }
  const crc = crc32(out);
  if (out.length !== entry.size || crc !== entry.crc) {
    bad(`expected ${entry.size} bytes with CRC-32 ${entry.crc.toString(16)}, found ${out.length} bytes with CRC-32 ${crc.toString(16)} (corrupt or truncated)`);
  }
  return out;
}

/**
 * Reads every file member of a zip archive into memory (directories and links are
 * skipped; extraction to disk, with path checks, is `extractArchive` in `@dl/io/node`).
 *
 * @returns A map from member name to bytes.
 * @throws FormatError as {@link listZip} and {@link readZipEntry}, or on a duplicate name.
 *
 * @example
 * ```ts
 * parseZip(encodeZip({ 'a.txt': new Uint8Array([1]) })).get('a.txt'); // Uint8Array [1]
 * ```
 */
export function parseZip(bytes: Uint8Array, options: InflateLimits & { name?: string } = {}): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const entry of listZip(bytes, options)) {
    if (entry.isDirectory || entry.isSymlink) continue;
    if (out.has(entry.name)) throw new FormatError(`Invalid zip file "${options.name ?? 'archive.zip'}": the member "${entry.name}" appears twice.`);
    out.set(entry.name, readZipEntry(bytes, entry, options));
  }
  return out;
}

/**
 * Writes a zip archive (stored, or deflated with `compress: true`), as numpy's
 * `savez` / `savez_compressed` do.
 *
 * @param files Member name to bytes, in order.
 * @param options `compress` to deflate each member.
 * @returns The archive's bytes.
 * @throws ConfigError-free: names are written as given (UTF-8).
 *
 * @example
 * ```ts
 * const zip = encodeZip({ 'x.npy': new Uint8Array(8) }, { compress: true });
 * ```
 */
export function encodeZip(files: Record<string, Uint8Array> | Map<string, Uint8Array>, options: { compress?: boolean } = {}): Uint8Array {
  const list = files instanceof Map ? [...files] : Object.entries(files);
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [memberName, data] of list) {
    if (!(data instanceof Uint8Array)) throw new FormatError(`Invalid zip member "${memberName}": expected a Uint8Array, received ${describeValue(data)}.`);
    const nameBytes = enc.encode(memberName);
    const compressed = options.compress === true ? deflateSync(data) : data;
    const method = options.compress === true ? 8 : 0;
    const crc = crc32(data);
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint16(12, 0x21, true); // 1980-01-01
    lv.setUint32(14, crc, true);
    lv.setUint32(18, compressed.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 0x0314, true); // made by Unix, 2.0
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, compressed.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(38, (0o100644 << 16) >>> 0, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local, compressed);
    centrals.push(central);
    offset += local.length + compressed.length;
  }
  const cdSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, list.length, true);
  ev.setUint16(10, list.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let p = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

function safe(v: bigint, max: number, bad: (w: string) => never): number {
  if (v > BigInt(max)) bad(`a zip64 field (${v}) points past the file`);
  return Number(v);
}
