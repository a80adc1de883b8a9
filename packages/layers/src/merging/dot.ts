import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { bool, formatShape, type Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';
import { mergeShapes } from './merge';

/** Dot's options. */
export interface DotArgs extends LayerArgs {
  /** Whether to L2-normalize both inputs along the dot axes first (the output is then the cosine similarity). Default false. */
  normalize?: boolean;
}

function batchDot(x: Tensor, y: Tensor, ax: number, ay: number): Tensor {
  const b = x.shape[0]!;
  const k = x.shape[ax]!;
  const xRest = x.shape.filter((_, i) => i !== 0 && i !== ax);
  const yRest = y.shape.filter((_, i) => i !== 0 && i !== ay);
  const xPerm = [0, ...x.shape.map((_, i) => i).filter((i) => i !== 0 && i !== ax), ax];
  const yPerm = [0, ay, ...y.shape.map((_, i) => i).filter((i) => i !== 0 && i !== ay)];
  const x3 = dl.reshape(dl.transpose(x, xPerm), [b, -1, k]) as dl.Tensor3D;
  const y3 = dl.reshape(dl.transpose(y, yPerm), [b, k, -1]) as dl.Tensor3D;
  const out = [b, ...xRest, ...yRest];
  return dl.reshape(dl.matMul(x3, y3), out.length === 1 ? [b, 1] : out);
}

function l2Normalize(x: Tensor, axis: number): Tensor {
  // Keras' and tfjs' l2_normalize: x / sqrt(max(sum(x²), epsilon)), epsilon 1e-7.
  return dl.div(x, dl.sqrt(dl.maximum(dl.sum(dl.square(x), axis, true), 1e-7)));
}

/**
 * Keras' Dot: the dot product of two inputs along `axes`, per sample (Keras'
 * `batch_dot`): the output holds the remaining axes of the first input, then
 * those of the second (`(batch, 1)` when none remain). With `normalize`, the
 * result is the cosine similarity. The output has no mask.
 *
 * Input: a list of two tensors `(batch, ...)`. Output shape: see above; e.g.
 * `(b, n)·(b, n) → (b, 1)`, `(b, t, n)·(b, s, n)` with `axes: 2` → `(b, t, s)`.
 * Weights: none.
 *
 * @param axes The axis of both inputs, or `[axisOf0, axisOf1]` (negative counts from the end; not the batch axis).
 * @throws ConfigError for bad `axes`; ShapeError for other than 2 inputs or sizes that differ along the axes.
 * @example
 * ```ts
 * const sim = new Dot(1, { normalize: true }).apply([tensor2d([[1, 0]]), tensor2d([[1, 1]])]); // [[0.7071]]
 * ```
 */
export class Dot extends Layer {
  static override readonly className = 'Dot';
  readonly axes: number | [number, number];
  readonly normalize: boolean;

  constructor(axes: number | [number, number], args: DotArgs = {}) {
    super(args);
    const ok = Number.isInteger(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every((a) => Number.isInteger(a)));
    if (!ok) throw new ConfigError(`Invalid \`axes\` for ${this.label}: expected an integer or an array of 2 integers, received ${describeValue(axes)}.`);
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : axes;
    this.normalize = bool(args.normalize ?? false, 'normalize', this.label);
  }

  /** The two axes, non-negative, checked against the shapes. */
  private axesFor(shapes: Shape[]): [number, number] {
    const [a, b] = shapes as [Shape, Shape];
    const given = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    const axes = given.map((ax, i) => {
      const rank = shapes[i]!.length;
      const n = ax < 0 ? ax + rank : ax;
      if (n <= 0 || n >= rank) {
        throw new ShapeError(`Invalid input to ${this.label}: expected \`axes\` to name non-batch axes, received axis ${ax} for input ${i} of shape ${formatShape(shapes[i]!)}.`);
      }
      return n;
    }) as [number, number];
    const [da, db] = [a[axes[0]], b[axes[1]]];
    if (da !== null && db !== null && da !== db) {
      throw new ShapeError(`Invalid input to ${this.label}: incompatible sizes ${da} (axis ${axes[0]}) and ${db} (axis ${axes[1]}), received shapes ${formatShape(a)} and ${formatShape(b)}.`);
    }
    return axes;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const [ax, ay] = this.axesFor(mergeShapes(xs.map((x) => x.shape), this.label, 2, 2));
    return dl.tidy(() => {
      const x = this.normalize ? l2Normalize(xs[0]!, ax) : xs[0]!;
      const y = this.normalize ? l2Normalize(xs[1]!, ay) : xs[1]!;
      return batchDot(x, y, ax, ay);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = mergeShapes(inputShape, this.label, 2, 2);
    const [ax, ay] = this.axesFor(shapes);
    const [a, b] = shapes as [Shape, Shape];
    const out = [a[0] ?? b[0] ?? null, ...a.filter((_, i) => i !== 0 && i !== ax), ...b.filter((_, i) => i !== 0 && i !== ay)];
    return out.length === 1 ? [out[0]!, 1] : out;
  }

  override computeMask(): null {
    return null;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axes: this.axes, normalize: this.normalize };
  }

  static override fromConfig(config: LayerConfig): Dot {
    return new Dot(config['axes'] as number | [number, number], config as DotArgs);
  }
}
