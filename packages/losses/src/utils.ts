import { ConfigError, ShapeError, cast, describeValue, expandDims, squeeze, transpose, type Tensor } from '@dl/tensor';

/** Keras' fuzz factor (`keras.backend.epsilon()`): the clipping bound of every probability path. */
export const EPSILON = 1e-7;

/**
 * Keras' `squeeze_or_expand_to_same_rank`: when the ranks differ by one and the
 * longer has a trailing 1, squeeze it (or expand the rank-1 side).
 */
export function squeezeOrExpand(a: Tensor, b: Tensor): [Tensor, Tensor] {
  if (a.rank === b.rank) return [a, b];
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    return b.rank === 1 ? [a, expandDims(b, -1)] : [squeeze(a, [-1]), b];
  }
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    return a.rank === 1 ? [expandDims(a, -1), b] : [a, squeeze(b, [-1])];
  }
  return [a, b];
}

const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;

/**
 * Casts labels to float32, brings labels and predictions to the same rank the
 * way Keras does, and checks (from shapes only) that they then agree.
 *
 * @throws ShapeError when the shapes differ.
 */
export function prepare(yTrue: Tensor, yPred: Tensor, fn: string): [Tensor, Tensor] {
  const t = yTrue.dtype === 'float32' ? yTrue : cast(yTrue, 'float32');
  const p = yPred.dtype === 'float32' ? yPred : cast(yPred, 'float32');
  const [a, b] = squeezeOrExpand(t, p);
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(
      `Invalid \`yTrue\` for ${fn}: expected the shape of \`yPred\` ${shapeText(yPred.shape)} (or the same with a trailing 1), received ${shapeText(yTrue.shape)}.`,
    );
  }
  return [a, b];
}

/** Resolves a possibly negative axis against a rank, or throws a ConfigError. */
export function resolveAxis(axis: number, rank: number, fn: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ConfigError(
      `Invalid \`axis\` for ${fn}: expected an integer in [${-rank}, ${rank - 1}] for inputs of rank ${rank}, received ${describeValue(axis)}.`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Checks a number option: finite, and within [min, max] when given. */
export function checkNumber(value: number, arg: string, owner: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = min === -Infinity && max === Infinity ? 'a finite number'
      : max === Infinity ? `a finite number >= ${min}` : `a number in [${min}, ${max}]`;
    throw new ConfigError(`Invalid \`${arg}\` for ${owner}: expected ${range}, received ${describeValue(value)}.`);
  }
  return value;
}

/** Applies `fn`, an op that works on the last axis only, along `axis` (by transposing). */
export function alongAxis(x: Tensor, axis: number, fn: (t: Tensor) => Tensor): Tensor {
  if (axis < 0) axis += x.rank;
  if (axis === x.rank - 1) return fn(x);
  const perm = [...Array(x.rank).keys()];
  perm[axis] = x.rank - 1;
  perm[x.rank - 1] = axis;
  return transpose(fn(transpose(x, perm)), perm);
}
