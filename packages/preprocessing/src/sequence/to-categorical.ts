import { ConfigError, Tensor, cast, describeValue, oneHot, reshape, tensor, tidy } from '@dl/tensor';
import { checkInt } from '../checks';

/** Nested arrays of class indices: `number[]`, `Int32Array`, `number[][]`, ... */
export type NestedLabels = ArrayLike<number> | readonly NestedLabels[];

function flatten(x: NestedLabels, where: string): { values: number[]; shape: number[] } {
  const values: number[] = [];
  const shape: number[] = [];
  const walk = (node: unknown, depth: number, path: string): void => {
    if (typeof node === 'number') {
      if (depth !== shape.length) throw new ConfigError(`Invalid \`${path}\` for ${where}: expected a nested array of even depth, received a number at depth ${depth}.`);
      values.push(node);
      return;
    }
    if (node === null || typeof node !== 'object' || typeof (node as ArrayLike<unknown>).length !== 'number') {
      throw new ConfigError(`Invalid \`${path}\` for ${where}: expected a number or an array, received ${describeValue(node)}.`);
    }
    const arr = node as ArrayLike<unknown>;
    if (depth === shape.length) shape.push(arr.length);
    else if (shape[depth] !== arr.length) {
      throw new ConfigError(`Invalid \`${path}\` for ${where}: expected length ${shape[depth]} (rows of one length), received length ${arr.length}.`);
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1, `${path}[${i}]`);
  };
  walk(x, 0, 'x');
  return { values, shape };
}

/**
 * One-hot encodes class indices, as Keras' `to_categorical`.
 *
 * Each integer `c` becomes a float32 row with 1 at position `c`; the class axis is last.
 * An input of shape `[..., 1]` (rank > 1) loses that last axis first, as in Keras.
 * `numClasses` defaults to `max(x) + 1`; with a `Tensor` input it is required (finding
 * the maximum would read the tensor back).
 *
 * @param x Class indices: `number[]`, `Int32Array`, nested arrays, or an int32 `Tensor`.
 * @param numClasses Number of classes (default `max(x) + 1` for host arrays).
 * @returns A float32 `Tensor` of shape `[...shape(x), numClasses]`.
 * @throws ConfigError for a non-integer or negative label, a label >= `numClasses`, a
 *   `numClasses` that is not a positive integer, or a tensor without `numClasses`.
 * @example
 * ```ts
 * import { toCategorical } from '@dl/preprocessing';
 * toCategorical([0, 2, 1], 3); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * ```
 */
export function toCategorical(x: NestedLabels | Tensor, numClasses?: number): Tensor {
  const where = 'toCategorical';
  if (numClasses !== undefined) checkInt(numClasses, 'numClasses', where, 1);
  if (x instanceof Tensor) {
    if (numClasses === undefined) {
      throw new ConfigError(`Missing \`numClasses\` for ${where}: expected a positive integer with a Tensor input, received undefined; pass the number of classes.`);
    }
    return tidy(() => {
      let shape = x.shape;
      if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
      const flat = cast(reshape(x, [-1]), 'int32');
      return reshape(oneHot(flat, numClasses, 1, 0, 'float32'), [...shape, numClasses]);
    });
  }
  const { values, shape: rawShape } = flatten(x, where);
  let shape = rawShape;
  if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
  let max = -1;
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) {
      throw new ConfigError(`Invalid label at flat index ${i} for ${where}: expected a non-negative integer, received ${describeValue(v)}.`);
    }
    max = Math.max(max, v);
  });
  const depth = numClasses ?? max + 1;
  if (max >= depth) {
    throw new ConfigError(`Invalid label for ${where}: expected integers below \`numClasses\` ${depth}, received ${max}.`);
  }
  const out = new Float32Array(values.length * depth);
  values.forEach((v, i) => {
    out[i * depth + v] = 1;
  });
  return tensor(out, [...shape, depth], 'float32');
}
