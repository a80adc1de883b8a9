import { ConfigError, cast, concat, describeValue, expandDims, fill, image, nextSeed, slice, stack, unstack, type Tensor, type Tensor1D, type Tensor2D, type Tensor4D } from '@dl/tensor';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig, type Shape } from '@dl/layers';
import { onBatch } from './image-ops';

/** Arguments shared by the random augmentation layers. */
export interface RandomLayerArgs extends LayerArgs {
  /** A seed of the layer's own stream (repeatable calls whatever else draws); default: dl's global stream (`setSeed`). */
  seed?: number | null;
}

/** Arguments of the affine augmentation layers (rotation, zoom, translation). */
export interface AffineArgs extends RandomLayerArgs {
  /** How points outside the image are filled: `'reflect'` (default), `'wrap'`, `'constant'` or `'nearest'`. */
  fillMode?: 'reflect' | 'wrap' | 'constant' | 'nearest';
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: 'bilinear' | 'nearest';
  /** The value for `fillMode: 'constant'` (default 0). */
  fillValue?: number;
}

/** A factor `f` as the range `[-|f|, |f|]`, or a `[lower, upper]` pair (sorted), within `bound`. */
export function factorRange(value: unknown, name: string, who: string, bound = 1): [number, number] {
  const bad = (): never => {
    throw new ConfigError(`Invalid \`${name}\` for ${who}: expected a number or [lower, upper] within [${-bound}, ${bound}], received ${describeValue(value)}.`);
  };
  let range: [number, number];
  if (typeof value === 'number' && Number.isFinite(value)) range = [-Math.abs(value), Math.abs(value)];
  else if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    range = [Math.min(value[0], value[1]), Math.max(value[0], value[1])];
  } else return bad();
  if (range[0] < -bound || range[1] > bound) bad();
  return range;
}

/**
 * The base of the augmentation layers: random only in training (`apply(x, { training: true })`,
 * as `fit` calls them), the identity otherwise; per-image random draws from the layer's
 * seeded stream or dl's global one.
 */
export abstract class RandomImageLayer extends Layer {
  readonly seed: number | null;
  private calls = 0;

  constructor(args: RandomLayerArgs) {
    super(args);
    const seed = args.seed ?? null;
    if (seed !== null && !(Number.isSafeInteger(seed) && seed >= 0)) {
      throw new ConfigError(`Invalid \`seed\` for ${this.label}: expected a non-negative integer or null, received ${describeValue(seed)}.`);
    }
    this.seed = seed;
  }

  /** A seed for one random op: from the layer's stream (seed, call count) or the global stream. */
  protected drawSeed(): number {
    if (this.seed === null) return nextSeed();
    const k = this.calls++;
    let h = (Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(k + 1, 0xc2b2ae35)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** The augmentation of a float32 batch `[b, h, w, c]`. */
  protected abstract augment(batch: Tensor4D): Tensor4D;

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const xf = x.dtype === 'float32' ? x : cast(x, 'float32');
    if (!(options.training ?? false)) return onBatch(xf, this.label, (b) => b);
    return onBatch(xf, this.label, (b) => this.augment(b));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), seed: this.seed };
  }
}

/** The base of the affine layers: builds Keras' per-image transform and applies TF's projective transform. */
export abstract class AffineImageLayer extends RandomImageLayer {
  readonly fillMode: 'reflect' | 'wrap' | 'constant' | 'nearest';
  readonly interpolation: 'bilinear' | 'nearest';
  readonly fillValue: number;

  constructor(args: AffineArgs) {
    super(args);
    const who = this.label;
    this.fillMode = args.fillMode ?? 'reflect';
    if (!['reflect', 'wrap', 'constant', 'nearest'].includes(this.fillMode)) {
      throw new ConfigError(`Invalid \`fillMode\` for ${who}: expected "reflect", "wrap", "constant" or "nearest", received ${describeValue(args.fillMode)}.`);
    }
    this.interpolation = args.interpolation ?? 'bilinear';
    if (this.interpolation !== 'bilinear' && this.interpolation !== 'nearest') {
      throw new ConfigError(`Invalid \`interpolation\` for ${who}: expected "bilinear" or "nearest", received ${describeValue(args.interpolation)}.`);
    }
    this.fillValue = args.fillValue ?? 0;
    if (!Number.isFinite(this.fillValue)) throw new ConfigError(`Invalid \`fillValue\` for ${who}: expected a finite number, received ${describeValue(args.fillValue)}.`);
  }

  /** The 8 projective coefficients per image, as columns `[b]` each. */
  protected abstract coefficients(batch: number, height: number, width: number): Tensor1D[];

  protected augment(batch: Tensor4D): Tensor4D {
    const [b, h, w] = batch.shape;
    const transforms = stack(this.coefficients(b, h, w), 1);
    // One image per call: tfjs-backend-cpu 4.22's Transform returns after the first image of a batch.
    const images = unstack(batch).map((img, i) =>
      image.transform(expandDims(img, 0) as Tensor4D, slice(transforms, [i, 0], [1, 8]) as Tensor2D, this.interpolation, this.fillMode, this.fillValue));
    return concat(images, 0);
  }

  /** A `[b]` column of zeros or ones. */
  protected constant(b: number, v: number): Tensor1D {
    return fill([b], v) as Tensor1D;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}
