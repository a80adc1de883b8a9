import { FormatError } from '@dl/tensor';

/**
 * Guards against decompression bombs, in the manner of Keras' archive checks: an entry
 * is refused, before anything is inflated, when it declares more than `maxBytes`, or
 * more than `floorBytes` and more than `maxRatio` times its compressed size.
 * Tests lower the thresholds to exercise the guard on small fixtures.
 */
export interface InflateLimits {
  /** Refuse any entry that declares more bytes than this. Default 2^31 - 1 (the most a Uint8Array is sure to hold). */
  maxBytes?: number;
  /** Below this many declared bytes, the ratio is not checked. Default 256 MiB. */
  floorBytes?: number;
  /** The largest allowed uncompressed/compressed ratio above the floor. Default 100. */
  maxRatio?: number;
}

/** The defaults of {@link InflateLimits}. */
export const DEFAULT_INFLATE_LIMITS: Required<InflateLimits> = {
  maxBytes: 2 ** 31 - 1,
  floorBytes: 256 * 2 ** 20,
  maxRatio: 100,
};

/** Throws when an entry's declared size breaks the limits. */
export function checkInflate(what: string, declared: number, compressed: number, limits: InflateLimits = {}): void {
  const l = { ...DEFAULT_INFLATE_LIMITS, ...limits };
  if (declared > l.maxBytes) {
    throw new FormatError(`Refusing to inflate ${what}: it declares ${declared} bytes, over the limit of ${l.maxBytes} (truncated or corrupt, or a decompression bomb).`);
  }
  if (declared > l.floorBytes && declared > l.maxRatio * Math.max(compressed, 1)) {
    throw new FormatError(
      `Refusing to inflate ${what}: ${declared} bytes from ${compressed} compressed is a ratio over ${l.maxRatio} (a decompression bomb?).`,
    );
  }
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** The CRC-32 (zip, gzip) of some bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
