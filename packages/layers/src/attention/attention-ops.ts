import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { formatShape, type Shape } from '../engine/checks';

/**
 * Keras' EinsumDense projection `abc,cde->abde` (and its rank-n analogue):
 * `(batch, ..., dim)` by a kernel `(dim, ...out)` plus a bias `(...out)`.
 */
export function project(x: Tensor, kernel: Tensor, bias: Tensor | null, inAxes = 1): Tensor {
  const inner = kernel.shape.slice(0, inAxes);
  const out = kernel.shape.slice(inAxes);
  const k = inner.reduce((a, b) => a * b, 1);
  const lead = x.shape.slice(0, x.rank - inAxes);
  const flat = dl.matMul(dl.reshape(x, [-1, k]) as dl.Tensor2D, dl.reshape(kernel, [k, -1]) as dl.Tensor2D);
  const y = dl.reshape(flat, [...lead, ...out]);
  return bias === null ? y : dl.add(y, bias);
}

/** Keras' causal mask `(1, T, S)`: true where the key index is at most the query index. */
export function causalMask(t: number, s: number): Tensor {
  return dl.tidy(() => {
    const rows = dl.reshape(dl.range(0, t, 1, 'int32'), [t, 1]);
    const cols = dl.reshape(dl.range(0, s, 1, 'int32'), [1, s]);
    return dl.reshape(dl.greaterEqual(rows, cols), [1, t, s]);
  });
}

/** Keras' large negative number for float32 masked logits. */
const MASKED = -1e9;

/**
 * Softmax over the last axis with masked positions (mask false) set to -1e9
 * first, as Keras 3's `Softmax` layer does (a fully masked row is uniform).
 */
export function maskedSoftmax(scores: Tensor, mask: Tensor | null): Tensor {
  if (mask === null) return dl.softmax(scores);
  const m = dl.broadcastTo(dl.cast(mask, 'bool'), scores.shape);
  return dl.softmax(dl.where(m, scores, dl.fill(scores.shape, MASKED)));
}

/** The AND of masks that are present, broadcast together, or null. */
export function andAll(masks: (Tensor | null)[]): Tensor | null {
  const present = masks.filter((m): m is Tensor => m !== null).map((m) => dl.cast(m, 'bool'));
  if (present.length === 0) return null;
  return present.slice(1).reduce((a, b) => dl.logicalAnd(a, b), present[0]!);
}

/**
 * Checks MultiHeadAttention's `[query, value, key?]` shapes (one rank >= 3, value and key of one
 * sequence shape, attention over every inner axis); returns them with key filled in.
 *
 * @throws ShapeError for inputs that do not fit; ConfigError for unsupported `attentionAxes`.
 */
export function attentionShapes(inputShape: Shape | Shape[], attentionAxes: number[] | null, who: string): [Shape, Shape, Shape] {
  if (!Array.isArray(inputShape[0]) || inputShape.length < 2 || inputShape.length > 3) {
    throw new ShapeError(`Invalid input to ${who}: expected a list [query, value] or [query, value, key], received ${describeValue(inputShape)} as shapes.`);
  }
  const [q, v, k = v] = inputShape as Shape[] as [Shape, Shape, Shape?];
  const rank = q.length;
  if (rank < 3 || v.length !== rank || k.length !== rank) {
    throw new ShapeError(`Invalid input to ${who}: expected query, value and key of one rank >= 3, received shapes ${formatShape(q)}, ${formatShape(v)}, ${formatShape(k)}.`);
  }
  const seqMismatch = v.slice(1, -1).some((d, i) => d !== null && k[i + 1] !== null && d !== k[i + 1]);
  if (seqMismatch) throw new ShapeError(`Invalid input to ${who}: expected value and key of the same sequence shape, received ${formatShape(v)} and ${formatShape(k)}.`);
  const inner = Array.from({ length: rank - 2 }, (_, i) => i + 1);
  const axes = attentionAxes?.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
  if (axes !== undefined && (axes.length !== inner.length || axes.some((a, i) => a !== inner[i]))) {
    throw new ConfigError(`Invalid \`attentionAxes\` for ${who}: only attention over every axis but batch and features (${describeValue(inner)}) is supported, received ${describeValue(attentionAxes)}.`);
  }
  return [q, v, k];
}

/** An integer or a list of integers, each at least `min`, as a list; null when absent. */
export function intList(value: unknown, arg: string, who: string, min: number): number[] | null {
  if (value == null) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((d) => Number.isInteger(d) && d >= min)) {
    throw new ConfigError(`Invalid \`${arg}\` for ${who}: expected an integer or an array of integers${min === 1 ? ' (positive)' : ''}, received ${describeValue(value)}.`);
  }
  return [...(list as number[])];
}
