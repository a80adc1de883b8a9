import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { formatShape, type Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';
import { mergeShapes, type MergeMasks } from './merge';

/** Concatenate's options. */
export interface ConcatenateArgs extends LayerArgs {
  /** The axis to join along (negative counts from the end; not the batch axis). Default -1. */
  axis?: number;
}

/**
 * Keras' Concatenate: joins a list of inputs along `axis`. All other sizes
 * must match. The output mask is Keras': each input's mask (all true when it
 * has none) broadcast over the input's last axis, concatenated along `axis`,
 * then ANDed over the last axis.
 *
 * Input: a list of tensors of one rank. Output shape: theirs, with `axis` the sum of their sizes.
 * Weights: none.
 *
 * @throws ConfigError for a non-integer axis; ShapeError when ranks or sizes off `axis` differ, or `axis` is out of range.
 * @example
 * ```ts
 * const y = new Concatenate().apply([ones([2, 3]), zeros([2, 4])]); // shape [2, 7]
 * ```
 */
export class Concatenate extends Layer {
  static override readonly className = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis)) throw new ConfigError(`Invalid \`axis\` for ${this.label}: expected an integer, received ${describeValue(axis)}.`);
    this.axis = axis;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  private axisFor(rank: number, shapes: Shape[]): number {
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (axis <= 0 || axis >= rank) {
      throw new ShapeError(`Invalid input to ${this.label}: expected \`axis\` ${this.axis} to name a non-batch axis of inputs of rank ${rank}, received shapes [${shapes.map(formatShape).join(', ')}].`);
    }
    return axis;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    this.computeOutputShape(xs.map((x) => x.shape));
    return dl.concat(xs, this.axisFor(xs[0]!.rank, xs.map((x) => x.shape)));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = mergeShapes(inputShape, this.label);
    const rank = shapes[0]!.length;
    const mismatch = () =>
      new ShapeError(`Invalid input to ${this.label}: expected inputs with matching shapes except for the concatenation axis ${this.axis}, received shapes [${shapes.map(formatShape).join(', ')}].`);
    if (shapes.some((s) => s.length !== rank)) throw mismatch();
    const axis = this.axisFor(rank, shapes);
    const out: Shape = [];
    for (let i = 0; i < rank; i++) {
      const sizes = shapes.map((s) => s[i]!);
      if (i === axis) {
        out.push(sizes.some((d) => d === null) ? null : (sizes as number[]).reduce((a, b) => a + b, 0));
      } else {
        const known = new Set(sizes.filter((d) => d !== null));
        if (known.size > 1) throw mismatch();
        out.push(known.size === 1 ? [...known][0]! : null);
      }
    }
    return out;
  }

  override computeMask(inputs: Tensor | Tensor[], mask: MergeMasks): Tensor | null {
    if (mask == null) return null;
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const masks = Array.isArray(mask) ? mask : [mask];
    if (masks.every((m) => m === null)) return null;
    return dl.tidy(() => {
      const full = xs.map((x, i) => {
        const m = masks[i] ?? null;
        if (m === null) return dl.onesLike(x);
        const b = dl.cast(m, 'float32');
        return b.rank < x.rank ? dl.broadcastTo(dl.expandDims(b, -1), x.shape) : b;
      });
      const joined = dl.concat(full, this.axisFor(xs[0]!.rank, xs.map((x) => x.shape)));
      return dl.cast(dl.min(joined, -1), 'bool');
    });
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}
