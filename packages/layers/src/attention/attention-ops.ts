import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';

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
