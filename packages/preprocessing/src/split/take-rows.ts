import { ConfigError, Tensor, describeValue, gather, tensor1d, tidy } from '@dl/tensor';

/** What the split helpers can slice along the first axis: a Tensor, an array, or a typed array. */
export type Splittable = Tensor | readonly unknown[] | Int32Array | Float32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array;

type TypedArray = Exclude<Splittable, Tensor | readonly unknown[]>;

/**
 * The rows of `x` at `indices` (first axis), in that order: `gather` for a tensor, a
 * new array of the same kind for an array or typed array.
 *
 * @param x A tensor, an array or a typed array.
 * @param indices Row indices.
 * @returns The selected rows, of x's kind.
 * @throws ConfigError for an index out of range, or an `x` that cannot be sliced.
 * @example
 * ```ts
 * import { takeRows } from '@dl/preprocessing';
 * takeRows(['a', 'b', 'c'], [2, 0]); // ['c', 'a']
 * ```
 */
export function takeRows<T extends Splittable>(x: T, indices: ArrayLike<number>): T {
  const n = numRows(x, 'takeRows');
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= n) {
      throw new ConfigError(`Invalid \`indices[${i}]\` for takeRows: expected an integer in [0, ${n}), received ${describeValue(k)}.`);
    }
  }
  if (x instanceof Tensor) return tidy(() => gather(x, tensor1d(Array.from(indices), 'int32'), 0)) as T;
  if (Array.isArray(x)) return Array.from(indices, (k) => (x as unknown[])[k]) as unknown as T;
  const typed = x as TypedArray;
  const Ctor = typed.constructor as new (n: number) => TypedArray;
  const out = new Ctor(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = typed[indices[i]!]!;
  return out as T;
}

/** The length of the first axis of a Splittable. */
export function numRows(x: unknown, where: string): number {
  if (x instanceof Tensor) {
    if (x.shape.length === 0) throw new ConfigError(`Invalid input for ${where}: expected rank >= 1, received a scalar tensor.`);
    return x.shape[0]!;
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return (x as ArrayLike<unknown>).length;
  throw new ConfigError(`Invalid input for ${where}: expected a Tensor, an array or a typed array, received ${describeValue(x)}.`);
}
