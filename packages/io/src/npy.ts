import { ConfigError, FormatError, describeValue } from '@dl/tensor';
import { bytesOf, checkNDArray, shapeSize, typedFromBytes, DTYPE_SIZE, type DType, type NDArray } from './ndarray';
import { unpickle } from './pickle';

/**
 * An array of Python objects read from an `|O` (pickled) `.npy`, such as the review
 * lists in Keras' `imdb.npz`: the elements in C order, as the restricted unpickler
 * builds them (lists become arrays, ints numbers, nested ndarrays {@link NDArray}s).
 */
export interface ObjectArray {
  dtype: 'object';
  shape: number[];
  data: unknown[];
}

/** Options of {@link parseNpy}. */
export interface ParseNpyOptions {
  /** The file name used in error messages. Default `"array.npy"`. */
  name?: string;
  /** Allow `|O` arrays, read with the restricted unpickler (never runs code). Default false. */
  allowPickle?: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const MAX_HEADER = 1 << 20;

const DESCR: Record<string, DType> = {
  b1: 'bool', u1: 'uint8', i1: 'int8', u2: 'uint16', i2: 'int16', u4: 'uint32', i4: 'int32',
  u8: 'uint64', i8: 'int64', f2: 'float16', f4: 'float32', f8: 'float64',
};
const DESCR_OF: Partial<Record<DType, string>> = {
  bool: '|b1', uint8: '|u1', int8: '|i1', uint16: '<u2', int16: '<i2', uint32: '<u4', int32: '<i4',
  uint64: '<u8', int64: '<i8', float16: '<f2', float32: '<f4', float64: '<f8',
};

/**
 * Reads a NumPy `.npy` file (format versions 1, 2 and 3).
 *
 * Every numeric dtype and bool are supported, little- or big-endian, C or Fortran
 * order (a Fortran array is returned in C order). Object arrays (`|O`, a pickle) are
 * refused unless `allowPickle` is set, and even then only numpy arrays, lists, tuples,
 * dicts, strings, bytes and numbers can be built: anything else is an error.
 *
 * @param bytes The whole file.
 * @param options `name` for messages, `allowPickle`.
 * @returns The array (a copy: it does not alias `bytes`).
 * @throws FormatError naming the file: bad magic, unsupported version or dtype, a
 * header that is not the dict numpy writes, a shape that does not match the data size.
 *
 * @example
 * ```ts
 * const a = parseNpy(encodeNpy({ dtype: 'int32', shape: [2], data: new Int32Array([1, 2]) }));
 * a.shape; // [2]
 * ```
 */
export function parseNpy(bytes: Uint8Array, options: ParseNpyOptions & { allowPickle?: false }): NDArray;
export function parseNpy(bytes: Uint8Array, options?: ParseNpyOptions): NDArray | ObjectArray;
export function parseNpy(bytes: Uint8Array, options: ParseNpyOptions = {}): NDArray | ObjectArray {
  const name = options.name ?? 'array.npy';
  const bad = (what: string) => new FormatError(`Invalid npy file "${name}": ${what}.`);
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw bad(`expected the magic string \\x93NUMPY, received ${bytes.length < 6 ? `only ${bytes.length} bytes` : 'other bytes'}`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw bad(`expected a 12-byte preamble, received ${bytes.length} bytes`);
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw bad(`expected format version 1, 2 or 3, received ${major}.${bytes[7]}`);
  }
  if (headerLen > MAX_HEADER) throw bad(`expected a header under ${MAX_HEADER} bytes, received ${headerLen}`);
  if (start + headerLen > bytes.length) throw bad(`truncated: the header needs ${start + headerLen} bytes, the file has ${bytes.length}`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const { descr, fortran, shape } = parseHeader(header, bad);
  const dataStart = start + headerLen;
  const count = shapeSize(shape, `npy file "${name}"`);

  if (descr === '|O' || descr === '<O' || descr === '>O') {
    if (options.allowPickle !== true) {
      throw bad('it holds Python objects (dtype |O, a pickle); pass `allowPickle: true` to read it with the restricted unpickler');
    }
    const value = unpickle(bytes.subarray(dataStart), { name });
    const arr = value as Partial<ObjectArray>;
    if (arr === null || typeof arr !== 'object' || arr.dtype !== 'object' || !Array.isArray(arr.data)) {
      throw bad(`expected a pickled object ndarray, received ${describeValue(value)}`);
    }
    if (arr.data.length !== count) throw bad(`the header says ${count} elements, the pickle holds ${arr.data.length}`);
    return { dtype: 'object', shape, data: fortran ? toCOrder(arr.data, shape) : arr.data };
  }
  const order = descr[0];
  const dtype = DESCR[descr.slice(1)];
  if (dtype === undefined || (order !== '<' && order !== '>' && order !== '|' && order !== '=')) {
    throw bad(`unsupported dtype ${describeValue(descr)}; expected one of ${Object.keys(DESCR).join(', ')} (with <, > or |)`);
  }
  const need = count * DTYPE_SIZE[dtype];
  if (dataStart + need > bytes.length) {
    throw bad(`truncated: shape ${describeValue(shape)} of ${dtype} needs ${need} bytes of data, found ${bytes.length - dataStart}`);
  }
  if (dataStart + need < bytes.length) {
    throw bad(`${bytes.length - dataStart - need} unexpected bytes after the data of shape ${describeValue(shape)}`);
  }
  const data = typedFromBytes(dtype, bytes, dataStart, count, order === '>');
  return { dtype, shape, data: fortran ? toCOrder(data, shape) : data } as NDArray;
}

/**
 * Writes a NumPy `.npy` file (format 1.0, the header padded to 64 bytes as numpy does).
 *
 * @param array The array; its data must be the dtype's typed array.
 * @returns The file's bytes; `numpy.load` reads them.
 * @throws ConfigError when the array is inconsistent (dtype, data type or shape).
 *
 * @example
 * ```ts
 * const bytes = encodeNpy({ dtype: 'float32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) });
 * ```
 */
export function encodeNpy(array: NDArray): Uint8Array {
  checkNDArray(array, 'encodeNpy');
  const descr = DESCR_OF[array.dtype];
  if (descr === undefined) throw new ConfigError(`Invalid dtype for encodeNpy: numpy has no ${array.dtype}; expected one of ${Object.keys(DESCR_OF).join(', ')}.`);
  const dims = array.shape.length === 1 ? `${array.shape[0]},` : array.shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const data = bytesOf(array.data);
  const out = new Uint8Array(10 + header.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}

function parseHeader(header: string, bad: (w: string) => FormatError): { descr: string; fortran: boolean; shape: number[] } {
  const h = header.trim();
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(h)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(h)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(h)?.[1];
  if (!h.startsWith('{') || !h.endsWith('}') || descr === undefined || fortran === undefined || shapeText === undefined) {
    throw bad(`expected a header dict with 'descr', 'fortran_order' and 'shape', received ${describeValue(h.slice(0, 120))}`);
  }
  const parts = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const shape = parts.map((s) => (/^\d+L?$/.test(s) ? Number.parseInt(s, 10) : Number.NaN));
  if (shape.some((d) => !Number.isSafeInteger(d))) throw bad(`invalid shape (${shapeText})`);
  return { descr, fortran: fortran === 'True', shape };
}

/** Reorders Fortran-order elements into C order. */
function toCOrder<T extends { length: number; [i: number]: unknown }>(src: T, shape: number[]): T {
  const n = src.length;
  const out = (Array.isArray(src) ? new Array(n) : new (src.constructor as new (k: number) => T)(n)) as T;
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  const fStrides = new Array<number>(rank);
  let s = 1;
  for (let d = 0; d < rank; d++) {
    fStrides[d] = s;
    s *= shape[d]!;
  }
  for (let c = 0; c < n; c++) {
    let f = 0;
    for (let d = 0; d < rank; d++) f += idx[d]! * fStrides[d]!;
    out[c] = src[f];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}
