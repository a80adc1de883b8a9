import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { formatShape, type Shape } from '../engine/checks';
import type { LayerWeight } from '../engine/weight';

/** An axis or list of axes as given (checked to be integers, not yet against a rank). */
export function axesArg(value: unknown, who: string): number | number[] {
  const ok = Number.isInteger(value) || (Array.isArray(value) && value.length > 0 && value.every((a) => Number.isInteger(a)));
  if (!ok) throw new ConfigError(`Invalid \`axis\` for ${who}: expected an integer or a non-empty array of integers, received ${describeValue(value)}.`);
  return Array.isArray(value) ? [...(value as number[])] : (value as number);
}

/** A finite number > 0 (an epsilon), or a ConfigError naming the argument. */
export function positiveNumber(value: unknown, arg: string, who: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`Invalid \`${arg}\` for ${who}: expected a positive number, received ${describeValue(value)}.`);
  }
  return value;
}

/**
 * The axes for an input shape: non-negative, sorted, unique, never the batch
 * axis, each of known size.
 *
 * @throws ShapeError naming the layer, the axis and the shape.
 */
export function resolveAxes(axis: number | number[], shape: Shape, who: string): number[] {
  const rank = shape.length;
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => {
    const n = a < 0 ? a + rank : a;
    if (n < 1 || n >= rank) throw new ShapeError(`Invalid input to ${who}: expected \`axis\` ${a} to name a non-batch axis, received an input of shape ${formatShape(shape)}.`);
    if (shape[n] === null) throw new ShapeError(`Invalid input to ${who}: expected axis ${a} of known size, received shape ${formatShape(shape)}.`);
    return n;
  });
  return [...new Set(list)].sort((a, b) => a - b);
}

/** A per-axes weight reshaped to broadcast against inputs of `rank` (sizes at `axes`, 1 elsewhere). */
export function broadcastWeight(w: LayerWeight | null, axes: number[], rank: number): Tensor | null {
  if (w === null) return null;
  const shape = new Array<number>(rank).fill(1);
  axes.forEach((a, i) => (shape[a] = w.shape[i]!));
  return dl.reshape(w.value, shape);
}

/** `x * inv + (beta - mean * inv)` with `inv = rsqrt(variance + epsilon) * gamma`: Keras' normalization arithmetic. */
export function normalize(x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | null, beta: Tensor | null, epsilon: number): Tensor {
  let inv = dl.rsqrt(dl.add(variance, epsilon));
  if (gamma !== null) inv = dl.mul(inv, gamma);
  let res = dl.mul(dl.neg(mean), inv);
  if (beta !== null) res = dl.add(res, beta);
  return dl.add(dl.mul(x, inv), res);
}
