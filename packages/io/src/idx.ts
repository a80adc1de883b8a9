import { ConfigError, FormatError } from '@dl/tensor';
import { gunzip, isGzip } from './gzip';
import type { InflateLimits } from './limits';
import { checkNDArray, shapeSize, typedFromBytes, bytesOf, DTYPE_SIZE, type DType, type NDArray } from './ndarray';

const IDX_DTYPES: Record<number, DType> = { 0x08: 'uint8', 0x09: 'int8', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };
const IDX_CODES: Partial<Record<DType, number>> = Object.fromEntries(Object.entries(IDX_DTYPES).map(([c, d]) => [d, Number(c)]));

/**
 * Reads an IDX file (the MNIST / Fashion-MNIST format), gzipped or not: two zero bytes,
 * a type code (uint8, int8, int16, int32, float32, float64), the rank, the big-endian
 * dimensions, then the big-endian data.
 *
 * @param bytes The file (`.gz` is detected by its magic and inflated).
 * @param options `name` for messages and decompression-bomb limits.
 * @returns The array, e.g. uint8 [60000, 28, 28] for `train-images-idx3-ubyte.gz`.
 * @throws FormatError naming the file: bad magic, unknown type code, a size that does
 * not match the dimensions (truncated or trailing bytes), or a corrupt gzip stream.
 *
 * @example
 * ```ts
 * const a = parseIdx(encodeIdx({ dtype: 'uint8', shape: [2], data: new Uint8Array([3, 4]) }));
 * a.shape; // [2]
 * ```
 */
export function parseIdx(bytes: Uint8Array, options: InflateLimits & { name?: string } = {}): NDArray {
  const name = options.name ?? 'data.idx';
  const raw = isGzip(bytes) ? gunzip(bytes, { ...options, name }) : bytes;
  const bad = (what: string): never => {
    throw new FormatError(`Invalid IDX file "${name}": ${what}.`);
  };
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) bad(`expected the magic 00 00 <type> <rank>, received ${raw.length} bytes starting ${[...raw.subarray(0, 4)].join(' ')}`);
  const dtype = IDX_DTYPES[raw[2]!];
  if (dtype === undefined) bad(`unknown type code 0x${raw[2]!.toString(16)}; expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e`);
  const rank = raw[3]!;
  const start = 4 + 4 * rank;
  if (raw.length < start) bad(`truncated: ${rank} dimensions need ${start} header bytes, the file has ${raw.length}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shapeSize(shape, `IDX file "${name}"`);
  const need = count * DTYPE_SIZE[dtype!];
  if (raw.length - start !== need) {
    bad(`shape [${shape.join(',')}] of ${dtype} needs ${need} bytes of data, found ${raw.length - start} (${raw.length - start < need ? 'truncated' : 'trailing bytes'})`);
  }
  return { dtype: dtype!, shape, data: typedFromBytes(dtype!, raw, start, count, true) } as NDArray;
}

/**
 * Writes an IDX file (uncompressed; wrap it in `gzip` for `.gz`).
 * @param array uint8, int8, int16, int32, float32 or float64, at most rank 255.
 * @returns The file's bytes.
 * @throws ConfigError for another dtype or an inconsistent array.
 * @example
 * ```ts
 * const bytes = encodeIdx({ dtype: 'uint8', shape: [1, 2], data: new Uint8Array([0, 255]) });
 * ```
 */
export function encodeIdx(array: NDArray): Uint8Array {
  checkNDArray(array, 'encodeIdx');
  const code = IDX_CODES[array.dtype];
  if (code === undefined || array.shape.length > 255) {
    throw new ConfigError(`Invalid array for encodeIdx: expected a dtype of ${Object.keys(IDX_CODES).join(', ')} and rank <= 255, received ${array.dtype} rank ${array.shape.length}.`);
  }
  const start = 4 + 4 * array.shape.length;
  const le = bytesOf(array.data);
  const out = new Uint8Array(start + le.length);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = array.shape.length;
  array.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const size = DTYPE_SIZE[array.dtype];
  for (let i = 0; i < le.length; i += size) {
    for (let b = 0; b < size; b++) out[start + i + b] = le[i + size - 1 - b]!;
  }
  return out;
}
