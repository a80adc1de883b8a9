import { ConfigError, describeValue, tensor2d, type Tensor2D } from '@dl/tensor';
import { checkInt, checkOneOf } from '../checks';

/** Ragged integer sequences: `number[][]`, an array of `Int32Array`, or any array-likes of numbers. */
export type Sequences = ArrayLike<ArrayLike<number>>;

/** Options of {@link padSequences}; the defaults are Keras'. */
export interface PadSequencesOptions {
  /** Length of every output row; default: the length of the longest sequence. */
  maxlen?: number;
  /** Output dtype; `'int32'` (default) requires integer entries. */
  dtype?: 'int32' | 'float32';
  /** Where to pad shorter sequences: `'pre'` (default) or `'post'`. */
  padding?: 'pre' | 'post';
  /** Where to cut longer sequences: `'pre'` (default, keeps the end) or `'post'` (keeps the start). */
  truncating?: 'pre' | 'post';
  /** The padding value (default 0). */
  value?: number;
}

/** A padded batch as a typed array in row-major order, ready for `tensor2d(data, shape)`. */
export interface PaddedArray {
  /** `Int32Array` for dtype int32, `Float32Array` for float32. */
  data: Int32Array | Float32Array;
  /** `[numSequences, maxlen]`. */
  shape: [number, number];
  /** The dtype of `data`. */
  dtype: 'int32' | 'float32';
}

/**
 * {@link padSequences} without the tensor: the padded batch as a typed array and its shape.
 *
 * Useful to pad on the host and build batches yourself, or to feed a worker.
 *
 * @param sequences Ragged sequences (`number[][]` or `Int32Array[]`).
 * @param options `maxlen`, `dtype`, `padding`, `truncating`, `value`.
 * @returns `{ data, shape: [n, maxlen], dtype }`.
 * @throws ConfigError for a negative or non-integer `maxlen`, an unknown `padding` /
 *   `truncating`, a non-finite entry, or a non-integer entry when `dtype` is int32.
 * @example
 * ```ts
 * const { data, shape } = padSequencesToArray([[1], [2, 3]]);
 * // data: Int32Array [0, 1, 2, 3], shape: [2, 2]
 * ```
 */
export function padSequencesToArray(sequences: Sequences, options: PadSequencesOptions = {}): PaddedArray {
  const where = 'padSequences';
  if (sequences === null || typeof sequences !== 'object' || typeof sequences.length !== 'number') {
    throw new ConfigError(`Invalid \`sequences\` for ${where}: expected an array of sequences, received ${describeValue(sequences)}.`);
  }
  const dtype = checkOneOf(options.dtype ?? 'int32', ['int32', 'float32'], 'dtype', where);
  const padding = checkOneOf(options.padding ?? 'pre', ['pre', 'post'], 'padding', where);
  const truncating = checkOneOf(options.truncating ?? 'pre', ['pre', 'post'], 'truncating', where);
  const value = options.value ?? 0;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ConfigError(`Invalid \`value\` for ${where}: expected a number, received ${describeValue(value)}.`);
  }
  const n = sequences.length;
  let maxlen: number;
  if (options.maxlen === undefined) {
    maxlen = 0;
    for (let i = 0; i < n; i++) {
      const s = sequences[i];
      if (s === null || typeof s !== 'object' || typeof s.length !== 'number') {
        throw new ConfigError(`Invalid \`sequences[${i}]\` for ${where}: expected an array of numbers, received ${describeValue(s)}.`);
      }
      maxlen = Math.max(maxlen, s.length);
    }
  } else {
    maxlen = checkInt(options.maxlen, 'maxlen', where, 1);
  }
  const data = dtype === 'int32' ? new Int32Array(n * maxlen) : new Float32Array(n * maxlen);
  if (value !== 0) data.fill(value);
  for (let i = 0; i < n; i++) {
    const s = sequences[i];
    if (s === null || typeof s !== 'object' || typeof s.length !== 'number') {
      throw new ConfigError(`Invalid \`sequences[${i}]\` for ${where}: expected an array of numbers, received ${describeValue(s)}.`);
    }
    const len = Math.min(s.length, maxlen);
    if (len === 0) continue;
    const from = truncating === 'pre' ? s.length - len : 0;
    const to = padding === 'pre' ? (i + 1) * maxlen - len : i * maxlen;
    for (let j = 0; j < len; j++) {
      const v = s[from + j];
      if (typeof v !== 'number' || !Number.isFinite(v) || (dtype === 'int32' && !Number.isInteger(v))) {
        const expected = dtype === 'int32' ? 'an integer (dtype int32)' : 'a finite number';
        throw new ConfigError(`Invalid \`sequences[${i}][${from + j}]\` for ${where}: expected ${expected}, received ${describeValue(v)}.`);
      }
      data[to + j] = v;
    }
  }
  return { data, shape: [n, maxlen], dtype };
}

/**
 * Pads (and truncates) ragged sequences to one length, as Keras' `pad_sequences`.
 *
 * Shorter sequences get `value` before (`padding: 'pre'`, the default) or after them;
 * longer ones lose their start (`truncating: 'pre'`, the default) or their end. An empty
 * sequence becomes a row of `value`. The result is a `Tensor2D` that a model's `fit`
 * takes as is; {@link padSequencesToArray} gives the typed array instead.
 *
 * @param sequences Ragged sequences (`number[][]` or `Int32Array[]`).
 * @param options `maxlen` (default: the longest), `dtype` (`'int32'`), `padding`, `truncating`, `value` (0).
 * @returns A `Tensor2D` of shape `[sequences.length, maxlen]`.
 * @throws ConfigError for a negative or non-integer `maxlen`, an unknown `padding` /
 *   `truncating`, a non-finite entry, or a non-integer entry when `dtype` is int32.
 * @example
 * ```ts
 * import { padSequences } from '@dl/preprocessing';
 * padSequences([[1], [2, 3], [4, 5, 6]], { maxlen: 2 }); // [[0, 1], [2, 3], [5, 6]]
 * ```
 */
export function padSequences(sequences: Sequences, options: PadSequencesOptions = {}): Tensor2D {
  const { data, shape, dtype } = padSequencesToArray(sequences, options);
  return tensor2d(data, shape, dtype);
}
