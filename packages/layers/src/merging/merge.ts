import * as dl from '@dl/tensor';
import { ShapeError, type Tensor } from '@dl/tensor';
import { formatShape, type Shape } from '../engine/checks';
import { Layer, type LayerArgs } from '../engine/layer';

/** Masks as merge layers receive them: one per input, or none. */
export type MergeMasks = Tensor | (Tensor | null)[] | null | undefined;

function formatShapes(shapes: Shape[]): string {
  return `[${shapes.map(formatShape).join(', ')}]`;
}

/**
 * The shapes of a merge layer's inputs, checked: a list of at least `min`
 * (and at most `max`) shapes with one batch size. Keras' `Merge.build` checks.
 *
 * @throws ShapeError naming the layer and the shapes received.
 */
export function mergeShapes(inputShape: Shape | Shape[], who: string, min = 1, max = Infinity): Shape[] {
  if (!Array.isArray(inputShape[0])) {
    throw new ShapeError(`Invalid input to ${who}: expected a list of tensors, received one tensor of shape ${formatShape(inputShape as Shape)}.`);
  }
  const shapes = inputShape as Shape[];
  if (shapes.length < min || shapes.length > max) {
    const expected = min === max ? `exactly ${min}` : `at least ${min}`;
    throw new ShapeError(`Invalid input to ${who}: expected ${expected} inputs, received ${shapes.length} (shapes ${formatShapes(shapes)}).`);
  }
  const batches = new Set(shapes.map((s) => s[0]).filter((d) => d !== null && d !== undefined));
  if (batches.size > 1) {
    throw new ShapeError(`Invalid input to ${who}: cannot merge tensors with different batch sizes, received shapes ${formatShapes(shapes)}.`);
  }
  return shapes;
}

/**
 * Keras' broadcast of two shapes without the batch axis, aligned on the
 * right: sizes must be equal or 1 (unknown sizes stay unknown).
 *
 * @throws ShapeError `Inputs have incompatible shapes`, naming the layer and both shapes.
 */
export function broadcastShapes(a: Shape, b: Shape, who: string): Shape {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out = long.slice(0, long.length - short.length);
  short.forEach((j, k) => {
    const i = long[long.length - short.length + k]!;
    if (i === null || j === null) out.push(i === 1 ? j : j === 1 ? i : i ?? j);
    else if (i === 1) out.push(j);
    else if (j === 1 || i === j) out.push(i);
    else throw new ShapeError(`Invalid input to ${who}: inputs have incompatible shapes, received ${formatShape([null, ...a])} and ${formatShape([null, ...b])}.`);
  });
  return out;
}

/**
 * The base of the element-wise merge layers (Add, Subtract, Multiply,
 * Average, Maximum, Minimum): inputs of broadcastable shapes, the output
 * their broadcast shape; masks are ANDed. A subclass writes `merge(xs)`.
 */
export abstract class ElementwiseMerge extends Layer {
  /** How many inputs the layer takes at most (Subtract: 2). */
  protected maxInputs = Infinity;
  protected minInputs = 1;

  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  /** The element-wise operation on inputs of equal rank (broadcasting sizes of 1). */
  protected abstract merge(xs: Tensor[]): Tensor;

  override call(inputs: Tensor | Tensor[]): Tensor {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    this.computeOutputShape(xs.map((x) => x.shape));
    return dl.tidy(() => {
      // Keras expands lower-rank inputs at axis 1 until the ranks agree.
      const rank = Math.max(...xs.map((x) => x.rank));
      const same = xs.map((x) => (x.rank === rank ? x : dl.reshape(x, [x.shape[0]!, ...new Array<number>(rank - x.rank).fill(1), ...x.shape.slice(1)])));
      return this.merge(same);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = mergeShapes(inputShape, this.label, this.minInputs, this.maxInputs);
    let out = shapes[0]!.slice(1);
    for (const s of shapes.slice(1)) out = broadcastShapes(out, s.slice(1), this.label);
    const batch = shapes.map((s) => s[0]).find((d) => d !== null) ?? null;
    return [batch, ...out];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: MergeMasks): Tensor | null {
    return andMasks(mask);
  }
}

/**
 * The inputs broadcast to their common shape (for ops whose gradient in
 * tfjs-core does not reduce over broadcast axes: maximum, minimum).
 */
export function broadcastAll(xs: Tensor[]): Tensor[] {
  const shape = xs.reduce<number[]>((acc, x) => acc.map((d, i) => Math.max(d, x.shape[i]!)), xs[0]!.shape.slice());
  return xs.map((x) => (x.shape.every((d, i) => d === shape[i]) ? x : dl.broadcastTo(x, shape)));
}

/** Keras' merge mask: the AND of the inputs' masks that are present, or null. */
export function andMasks(mask: MergeMasks): Tensor | null {
  if (mask == null) return null;
  const present = (Array.isArray(mask) ? mask : [mask]).filter((m): m is Tensor => m !== null);
  if (present.length === 0) return null;
  return dl.tidy(() => present.slice(1).reduce<Tensor>((acc, m) => dl.logicalAnd(acc, dl.cast(m, 'bool')), dl.cast(present[0]!, 'bool')));
}
