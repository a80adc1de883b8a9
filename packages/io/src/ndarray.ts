import { ConfigError, FormatError, describeValue } from '@dl/tensor';

/** The element types dl's file formats read and write (numpy's names). */
export type DType =
  | 'bool' | 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32'
  | 'float16' | 'bfloat16' | 'float32' | 'float64' | 'int64' | 'uint64';

/** The typed array that holds each {@link DType}; float16 and bfloat16 are kept as their raw bits. */
export interface TypedArrayOf {
  bool: Uint8Array; uint8: Uint8Array; int8: Int8Array; uint16: Uint16Array; int16: Int16Array;
  uint32: Uint32Array; int32: Int32Array; float16: Uint16Array; bfloat16: Uint16Array; float32: Float32Array;
  float64: Float64Array; int64: BigInt64Array; uint64: BigUint64Array;
}

/** Any typed array an {@link NDArray} can hold. */
export type TypedArray = TypedArrayOf[DType];

/**
 * A dense n-dimensional array on the host: a flat typed array in C (row-major) order
 * plus its shape and dtype. Every reader returns one and every writer takes one; pass
 * `tensor(a.data, a.shape)` from `@dl/tensor` to put it on the device.
 *
 * @example
 * ```ts
 * const a: NDArray = { dtype: 'float32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) };
 * ```
 */
export interface NDArray<D extends DType = DType> {
  /** The element type. */
  dtype: D;
  /** The dimensions; `[]` for a scalar. The product equals `data.length`. */
  shape: number[];
  /** The elements in C order. */
  data: TypedArrayOf[D];
}

/** Bytes per element of each dtype. */
export const DTYPE_SIZE: Readonly<Record<DType, number>> = {
  bool: 1, uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4,
  float16: 2, bfloat16: 2, float32: 4, float64: 8, int64: 8, uint64: 8,
};

type Ctor = { new (buffer: ArrayBuffer, byteOffset: number, length: number): TypedArray; new (length: number): TypedArray };
const CTORS: Record<DType, Ctor> = {
  bool: Uint8Array, uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
  uint32: Uint32Array, int32: Int32Array, float16: Uint16Array, bfloat16: Uint16Array, float32: Float32Array,
  float64: Float64Array, int64: BigInt64Array, uint64: BigUint64Array,
} as unknown as Record<DType, Ctor>;

/** True on little-endian hosts (every platform JS runs on in practice). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The number of elements of a shape, checked: every dimension a non-negative safe
 * integer and the product within `Number.MAX_SAFE_INTEGER`.
 * @throws FormatError naming `what` when a dimension is invalid or the product overflows.
 */
export function shapeSize(shape: readonly unknown[], what: string): number {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new FormatError(`Invalid shape in ${what}: expected non-negative integer dimensions, received ${describeValue(shape)}.`);
    }
    n *= d;
    if (!Number.isSafeInteger(n)) {
      throw new FormatError(`Invalid shape in ${what}: the element count of ${describeValue(shape)} overflows.`);
    }
  }
  return n;
}

/**
 * Copies `byteLength` bytes at `offset` of `bytes` into a new, aligned typed array of
 * `dtype` (little-endian bytes; swapped on a big-endian host or when `bigEndian`).
 */
export function typedFromBytes<D extends DType>(
  dtype: D, bytes: Uint8Array, offset: number, count: number, bigEndian = false,
): TypedArrayOf[D] {
  const size = DTYPE_SIZE[dtype];
  const copy = bytes.slice(offset, offset + count * size);
  if (size > 1 && bigEndian === LITTLE_ENDIAN) swapBytes(copy, size);
  return new CTORS[dtype](copy.buffer, 0, count) as TypedArrayOf[D];
}

/** The little-endian bytes of a typed array (a view when the host is little-endian). */
export function bytesOf(data: TypedArray): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return view;
  const copy = view.slice();
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}

function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let a = i, z = i + size - 1; a < z; a++, z--) {
      const t = b[a]!;
      b[a] = b[z]!;
      b[z] = t;
    }
  }
}

/**
 * Checks that an {@link NDArray} is consistent before it is written.
 * @throws ConfigError naming `what` when the dtype is unknown, the data is not the
 * dtype's typed array, or the shape does not match the element count.
 */
export function checkNDArray(a: NDArray, what: string): void {
  const ctor = (CTORS as Record<string, Ctor | undefined>)[a.dtype];
  if (ctor === undefined) {
    throw new ConfigError(`Invalid dtype for ${what}: expected one of ${Object.keys(CTORS).join(', ')}, received ${describeValue(a.dtype)}.`);
  }
  if (!(a.data instanceof (ctor as unknown as typeof Uint8Array))) {
    throw new ConfigError(`Invalid data for ${what}: expected a ${ctor.name} for dtype ${a.dtype}, received ${describeValue(a.data)}.`);
  }
  let n: number;
  try {
    n = shapeSize(a.shape, what);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  if (n !== a.data.length) {
    throw new ConfigError(`Invalid shape for ${what}: ${describeValue(a.shape)} holds ${n} elements, but the data has ${a.data.length}.`);
  }
}

/** Allocates a zeroed typed array of a dtype. */
export function allocate<D extends DType>(dtype: D, length: number): TypedArrayOf[D] {
  return new CTORS[dtype](length) as TypedArrayOf[D];
}
