import { ConfigError, FormatError, describeValue } from '@dl/tensor';
import type { NDArray, ObjectArray } from '@dl/io';

/** `a[order[start:end]]` along the first axis, for any numeric NDArray. */
export function takeRows(a: NDArray, order: Int32Array, start: number, end: number): NDArray {
  const rowSize = a.shape.slice(1).reduce((p, d) => p * d, 1);
  const n = end - start;
  const Ctor = a.data.constructor as new (k: number) => NDArray['data'];
  const out = new Ctor(n * rowSize);
  for (let r = 0; r < n; r++) {
    const src = order[start + r]! * rowSize;
    (out as Uint8Array).set((a.data as Uint8Array).subarray(src, src + rowSize), r * rowSize);
  }
  return { dtype: a.dtype, shape: [n, ...a.shape.slice(1)], data: out } as NDArray;
}

/** The first `n` rows. */
export function headRows(a: NDArray, n: number): NDArray {
  const rowSize = a.shape.slice(1).reduce((p, d) => p * d, 1);
  return { dtype: a.dtype, shape: [n, ...a.shape.slice(1)], data: a.data.slice(0, n * rowSize) } as NDArray;
}

/** A numeric member of an npz, checked. */
export function numeric(a: NDArray | ObjectArray | undefined, what: string, rank?: number): NDArray {
  if (a === undefined || a.dtype === 'object' || (rank !== undefined && a.shape.length !== rank)) {
    throw new FormatError(`Invalid ${what}: expected a numeric array${rank !== undefined ? ` of rank ${rank}` : ''}, received ${a === undefined ? 'nothing' : `${a.dtype} ${describeValue(a.shape)}`}.`);
  }
  return a;
}

/** Validates Keras' `test_split` (0 <= testSplit < 1). */
export function checkTestSplit(v: unknown, who: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
    throw new ConfigError(`Invalid \`testSplit\` for ${who}: expected a number in [0, 1), received ${describeValue(v)}.`);
  }
  return v;
}

/** Keras' split point, `int(len * (1 - test_split))`. */
export function splitIndex(n: number, testSplit: number): number {
  return Math.trunc(n * (1 - testSplit));
}

/** Converts a floating (or integer) array to float32 or float64; other dtypes are returned as they are when they already match. */
export function asFloat(a: NDArray, dtype: 'float32' | 'float64'): NDArray {
  if (a.dtype === dtype) return a;
  const data = dtype === 'float32' ? Float32Array.from(a.data as ArrayLike<number>) : Float64Array.from(a.data as ArrayLike<number>);
  return { dtype, shape: a.shape, data } as NDArray;
}

/** Validates the `dtype` option of the regression sets. */
export function checkFloatDtype(v: unknown, who: string): 'float32' | 'float64' {
  const d = v ?? 'float32';
  if (d !== 'float32' && d !== 'float64') {
    throw new ConfigError(`Invalid \`dtype\` for ${who}: expected "float32" or "float64", received ${describeValue(d)}.`);
  }
  return d;
}
