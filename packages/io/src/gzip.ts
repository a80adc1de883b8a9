import { FormatError } from '@dl/tensor';
import { gunzipSync, gzipSync } from 'fflate';
import { checkInflate, crc32, type InflateLimits } from './limits';

/** True when the bytes start with the gzip magic (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip bytes (pure JS, browser and Node), checking the declared size
 * against {@link InflateLimits} before inflating and the CRC-32 and size after.
 *
 * @param bytes A gzip stream (one member).
 * @param options `name` for messages, and the bomb limits.
 * @returns The decompressed bytes.
 * @throws FormatError naming the file when it is not gzip, is truncated or corrupt,
 * or breaks the limits.
 *
 * @example
 * ```ts
 * gunzip(gzip(new Uint8Array([1, 2, 3]))); // Uint8Array [1, 2, 3]
 * ```
 */
export function gunzip(bytes: Uint8Array, options: InflateLimits & { name?: string } = {}): Uint8Array {
  const name = options.name ?? 'data.gz';
  if (!isGzip(bytes) || bytes.length < 18) {
    throw new FormatError(`Invalid gzip file "${name}": expected the gzip magic 1f 8b and at least 18 bytes, received ${bytes.length} bytes${bytes.length >= 2 ? ` starting ${hex(bytes[0]!)} ${hex(bytes[1]!)}` : ''}.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getUint32(bytes.length - 4, true);
  const crc = view.getUint32(bytes.length - 8, true);
  checkInflate(`gzip file "${name}"`, declared, bytes.length, options);
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes, { out: new Uint8Array(declared) });
  } catch (e) {
    throw new FormatError(`Invalid gzip file "${name}": the deflate stream is corrupt or truncated (${(e as Error).message}).`, { cause: e });
  }
  if (out.length !== declared || crc32(out) !== crc) {
    throw new FormatError(`Invalid gzip file "${name}": expected ${declared} bytes with CRC-32 ${hex(crc, 8)}, the stream gave ${out.length} bytes with CRC-32 ${hex(crc32(out), 8)} (truncated or corrupt).`);
  }
  return out;
}

/**
 * Compresses bytes as gzip (pure JS).
 * @param bytes The data.
 * @returns A gzip stream that `gunzip` and every gzip tool read.
 * @example
 * ```ts
 * const gz = gzip(new TextEncoder().encode('hello'));
 * ```
 */
export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes, { mtime: 0 });
}

function hex(n: number, width = 2): string {
  return `0x${n.toString(16).padStart(width, '0')}`;
}
