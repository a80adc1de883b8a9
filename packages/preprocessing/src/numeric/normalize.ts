import { ConfigError, abs, describeValue, div, equal, max, onesLike, pow, sqrt, square, sum, tidy, where, type Tensor } from '@dl/tensor';
import { toTensor, type Table } from './matrix';

/**
 * Scales each vector along `axis` to unit norm, as Keras' `keras.utils.normalize` on
 * NumPy input.
 *
 * The norm is the `order`-norm (2: Euclidean, 1: sum of absolute values, `Infinity`:
 * largest absolute value, any p > 0: `(sum |x|^p)^(1/p)`); a zero vector is left as is
 * (its norm counts as 1).
 *
 * @param x A tensor or nested arrays.
 * @param axis The axis to normalize along (default -1).
 * @param order The norm's order (default 2).
 * @returns A float32 tensor of x's shape.
 * @throws ConfigError for an axis out of range or an order that is not positive.
 * @example
 * ```ts
 * import { normalize } from '@dl/preprocessing';
 * normalize([[3, 4], [0, 0]]); // [[0.6, 0.8], [0, 0]]
 * ```
 */
export function normalize(x: Table, axis = -1, order = 2): Tensor {
  if (typeof order !== 'number' || !(order > 0)) {
    throw new ConfigError(`Invalid \`order\` for normalize: expected a positive number or Infinity, received ${describeValue(order)}.`);
  }
  return tidy(() => {
    const t = toTensor(x);
    const rank = t.shape.length;
    if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
      throw new ConfigError(`Invalid \`axis\` for normalize: expected an integer in [${-rank}, ${rank - 1}], received ${describeValue(axis)}.`);
    }
    const a = abs(t);
    let norm: Tensor;
    if (order === 2) norm = sqrt(sum(square(t), axis, true));
    else if (order === 1) norm = sum(a, axis, true);
    else if (order === Infinity) norm = max(a, axis, true);
    else norm = pow(sum(pow(a, order), axis, true), 1 / order);
    const safe = where(equal(norm, 0), onesLike(norm), norm);
    return div(t, safe);
  });
}
