import {
  ConfigError, ShapeError, broadcastTo, cast, describeValue, mul, squeeze, type Tensor,
} from '@dl/tensor';

// Keras' fuzz factor and its `squeeze_or_expand_to_same_rank`: one implementation, in @dl/losses.
import { EPSILON, squeezeOrExpand } from '@dl/losses';

export { EPSILON, squeezeOrExpand };

export const float = (t: Tensor): Tensor => (t.dtype === 'float32' ? t : cast(t, 'float32'));

/**
 * Float labels and predictions of the same shape (a trailing 1 more or less is squeezed).
 *
 * @throws ShapeError when they differ.
 */
export function sameShape(yTrue: Tensor, yPred: Tensor, owner: string): [Tensor, Tensor] {
  const [t, p] = squeezeOrExpand(float(yTrue), float(yPred));
  if (t.rank !== p.rank || t.shape.some((d, i) => d !== p.shape[i])) {
    throw new ShapeError(
      `Invalid \`yTrue\` for ${owner}: expected the shape of \`yPred\` [${yPred.shape.join(',')}] (or the same with a trailing 1), received [${yTrue.shape.join(',')}].`,
    );
  }
  return [t, p];
}

/**
 * Sparse labels with the shape of `yPred` without its class axis.
 *
 * @throws ShapeError when they do not match.
 */
export function sparseLabels(yTrue: Tensor, yPred: Tensor, owner: string): Tensor {
  let t = float(yTrue);
  if (t.rank === yPred.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, [-1]);
  const want = yPred.shape.slice(0, -1);
  if (yPred.rank < 1 || t.rank !== want.length || t.shape.some((d, i) => d !== want[i])) {
    throw new ShapeError(
      `Invalid \`yTrue\` for ${owner}: expected class ids of shape [${want.join(',')}] (or [${[...want, 1].join(',')}]) to match \`yPred\` [${yPred.shape.join(',')}], received [${yTrue.shape.join(',')}].`,
    );
  }
  return t;
}

/**
 * Checks a sample weight's shape against the per-sample values (from shapes).
 *
 * @throws ShapeError when it cannot broadcast.
 */
export function checkWeight(weight: readonly number[], values: readonly number[], owner: string): void {
  const ok = weight.length <= values.length && weight.every((d, i) => d === 1 || d === values[i]);
  if (!ok) {
    throw new ShapeError(
      `Invalid \`sampleWeight\` for ${owner}: expected a shape that broadcasts to [${values.join(',')}] from the left (e.g. [${values[0] ?? ''}]), received [${weight.join(',')}].`,
    );
  }
}

/** A finite number in [min, max], or a ConfigError naming the argument. */
export function checkNumber(value: unknown, arg: string, owner: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = min === -Infinity && max === Infinity ? 'a finite number'
      : max === Infinity ? `a finite number >= ${min}` : `a finite number in [${min}, ${max}]`;
    throw new ConfigError(`Invalid \`${arg}\` for ${owner}: expected ${range}, received ${describeValue(value)}.`);
  }
  return value;
}

/** A positive integer, or a ConfigError. */
export function checkPositiveInt(value: unknown, arg: string, owner: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`Invalid \`${arg}\` for ${owner}: expected an integer >= ${min}, received ${describeValue(value)}.`);
  }
  return value;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * Keras' `reduce_to_samplewise_values`: per-sample values (axes past the first
 * reduced with `reduce`) times the sample weights, and the per-sample weights.
 */
export function samplewise(
  values: Tensor, sampleWeight: Tensor | undefined, reduce: (x: Tensor, axes: number[]) => Tensor, owner: string,
): { values: Tensor; weight?: Tensor } {
  let v = float(values);
  let w: Tensor | undefined;
  if (sampleWeight !== undefined) {
    [v, w] = squeezeOrExpand(v, float(sampleWeight));
    checkWeight(w.shape, v.shape, owner);
    if (v.rank > w.rank) v = reduce(v, range(w.rank, v.rank));
    w = broadcastTo(w, v.shape);
    v = mul(v, w);
    if (w.rank > 1) w = reduce(w, range(1, w.rank));
  }
  if (v.rank > 1) v = reduce(v, range(1, v.rank));
  return w === undefined ? { values: v } : { values: v, weight: w };
}
