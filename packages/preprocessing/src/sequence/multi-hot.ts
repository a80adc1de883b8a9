import { ConfigError, describeValue, tensor2d, type Tensor2D } from '@dl/tensor';
import { checkInt } from '../checks';
import type { Sequences } from './pad-sequences';

/**
 * Multi-hot encodes integer sequences: the book's `vectorize_sequences`.
 *
 * Row `i` of the result has 1 at every index that occurs in `sequences[i]` and 0
 * elsewhere (how the book turns IMDB and Reuters reviews into vectors for a Dense
 * network).
 *
 * @param sequences Ragged integer sequences (`number[][]` or `Int32Array[]`).
 * @param dimension Width of each row (the book: 10000); every entry must be below it.
 * @returns A float32 `Tensor2D` of shape `[sequences.length, dimension]`.
 * @throws ConfigError when `dimension` is not a positive integer, or an entry is not an
 *   integer in `[0, dimension)`.
 * @example
 * ```ts
 * import { multiHot } from '@dl/preprocessing';
 * multiHot([[1, 3], [0, 0]], 4); // [[0, 1, 0, 1], [1, 0, 0, 0]]
 * ```
 */
export function multiHot(sequences: Sequences, dimension: number): Tensor2D {
  const where = 'multiHot';
  checkInt(dimension, 'dimension', where, 1);
  const n = sequences.length;
  const out = new Float32Array(n * dimension);
  for (let i = 0; i < n; i++) {
    const s = sequences[i];
    if (s === null || typeof s !== 'object' || typeof s.length !== 'number') {
      throw new ConfigError(`Invalid \`sequences[${i}]\` for ${where}: expected an array of integers, received ${describeValue(s)}.`);
    }
    for (let j = 0; j < s.length; j++) {
      const v = s[j];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= dimension) {
        throw new ConfigError(`Invalid \`sequences[${i}][${j}]\` for ${where}: expected an integer in [0, ${dimension}), received ${describeValue(v)}.`);
      }
      out[i * dimension + v] = 1;
    }
  }
  return tensor2d(out, [n, dimension], 'float32');
}
