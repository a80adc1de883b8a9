/**
 * TensorBoard's event files, written by hand: a minimal protobuf encoder for
 * `Event`, `Summary` and `HistogramProto`, and the TFRecord framing with
 * masked CRC32C. No dependency, no Node API (the file writing is in
 * TensorBoard, in the `./node` entry).
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC32C (Castagnoli) of `data`. */
export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 and add 0xa282ead8. */
export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** A growable byte buffer with protobuf's wire encodings. */
class ProtoWriter {
  private bytes: number[] = [];

  private varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.bytes.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.bytes.push(Number(x));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  double(field: number, v: number): this {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.bytes.push(...b);
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.bytes.push(...b);
    return this;
  }

  int64(field: number, v: number): this {
    this.tag(field, 0);
    this.varint(v);
    return this;
  }

  bytesField(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.varint(data.length);
    for (const x of data) this.bytes.push(x);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }

  packedDoubles(field: number, values: readonly number[]): this {
    const b = new Uint8Array(values.length * 8);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setFloat64(i * 8, v, true));
    return this.bytesField(field, b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** A histogram of values, as TensorBoard's `HistogramProto` holds it. */
export interface Histogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  /** The right edge of each bucket. */
  bucketLimit: number[];
  /** The count of each bucket. */
  bucket: number[];
}

/** `buckets` equal-width buckets over the finite values of `values`. */
export function histogram(values: ArrayLike<number>, buckets = 30): Histogram {
  let min = Infinity, max = -Infinity, sum = 0, sumSquares = 0, num = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    num++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  if (num === 0) return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  const n = min === max ? 1 : buckets;
  const width = (max - min) / n;
  const bucket = new Array<number>(n).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    bucket[Math.min(n - 1, width === 0 ? 0 : Math.floor((v - min) / width))]! += 1;
  }
  const bucketLimit = bucket.map((_, i) => (i === n - 1 ? max : min + (i + 1) * width));
  return { min, max, num, sum, sumSquares, bucketLimit, bucket };
}

/** One summary value: a scalar or a histogram. */
export type SummaryValue = { tag: string; simpleValue: number } | { tag: string; histogram: Histogram };

function encodeHistogram(h: Histogram): Uint8Array {
  return new ProtoWriter()
    .double(1, h.min).double(2, h.max).double(3, h.num).double(4, h.sum).double(5, h.sumSquares)
    .packedDoubles(6, h.bucketLimit).packedDoubles(7, h.bucket)
    .finish();
}

/** An `Event` message: `wall_time` (1), `step` (2), and `file_version` (3) or `summary` (5). */
export function encodeEvent(event: { wallTime: number; step: number; fileVersion?: string; values?: readonly SummaryValue[] }): Uint8Array {
  const w = new ProtoWriter().double(1, event.wallTime).int64(2, event.step);
  if (event.fileVersion !== undefined) w.string(3, event.fileVersion);
  if (event.values !== undefined) {
    const summary = new ProtoWriter();
    for (const v of event.values) {
      const value = new ProtoWriter().string(1, v.tag);
      if ('simpleValue' in v) value.float(2, v.simpleValue);
      else value.bytesField(5, encodeHistogram(v.histogram));
      summary.bytesField(1, value.finish());
    }
    w.bytesField(5, summary.finish());
  }
  return w.finish();
}

/** One TFRecord: uint64 length (LE), masked CRC32C of the length, the data, masked CRC32C of the data. */
export function encodeRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}
