import { add, addN, clipByValue as clip, div, maximum, minimum, mul, sqrt, square, sub, sum, type Scalar, type Tensor } from '@dl/tensor';

/**
 * Scales `g` so that its L2 norm is at most `clipnorm`:
 * `g * clipnorm / max(||g||, clipnorm)` (Keras' per-variable `clipnorm`).
 */
export function clipByNorm(g: Tensor, clipnorm: Scalar): Tensor {
  return div(mul(g, clipnorm), maximum(sqrt(sum(square(g))), clipnorm));
}

/**
 * Scales every gradient by one factor so that their global L2 norm is at
 * most `clipnorm` (Keras' `global_clipnorm`). A non-finite norm makes every
 * gradient NaN, as in Keras.
 */
export function clipByGlobalNorm(grads: Tensor[], clipnorm: number, constant: (x: number) => Scalar): Tensor[] {
  const norm = sqrt(addN(grads.map((g) => sum(square(g)))));
  // clipnorm * min(1/norm, 1/clipnorm), plus (norm - norm): 0 for a finite norm, NaN otherwise.
  const finite = mul(minimum(div(constant(1), norm), constant(1 / clipnorm)), constant(clipnorm));
  const scale = add(finite, sub(norm, norm));
  return grads.map((g) => mul(g, scale));
}

/** Clips every element of `g` to `[-clipvalue, clipvalue]`. */
export function clipByValue(g: Tensor, clipvalue: number): Tensor {
  return clip(g, -clipvalue, clipvalue);
}
