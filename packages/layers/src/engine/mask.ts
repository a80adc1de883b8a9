import type { Tensor } from '@dl/tensor';

// Keras attaches a mask to a tensor as `_keras_mask`; dl keeps the link in a
// WeakMap so no tensor object is modified and a disposed tensor frees its entry.
const masks = new WeakMap<Tensor, Tensor>();

/**
 * The mask a masking layer (Embedding with `maskZero`, Masking) attached to a
 * tensor it returned, or null. Layers read it automatically when called on that
 * tensor; read it yourself to pass it on explicitly.
 *
 * @example
 * ```ts
 * const emb = new Embedding(10, 4, { maskZero: true });
 * const y = emb.apply(tensor2d([[1, 0]], [1, 2], 'int32'));
 * getMask(y); // [[true, false]]
 * ```
 */
export function getMask(t: Tensor): Tensor | null {
  return masks.get(t) ?? null;
}

/** Attaches `mask` to `t` (or removes it, given null); used by layers that produce masks. @example `setMask(y, mask)` */
export function setMask(t: Tensor, mask: Tensor | null): void {
  if (mask === null) masks.delete(t);
  else masks.set(t, mask);
}
