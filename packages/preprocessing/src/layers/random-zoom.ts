import { add, mul, randomUniform, sub, type Tensor1D } from '@dl/tensor';
import type { LayerConfig } from '@dl/layers';
import { AffineImageLayer, factorRange, type AffineArgs } from './random-image-layer';

/** Arguments of {@link RandomZoom}. */
export interface RandomZoomArgs extends AffineArgs {
  /** Vertical zoom: `f` means a scale in [1 - f, 1 + f] (positive: zoom out), or `[lower, upper]`. */
  heightFactor: number | [number, number];
  /** Horizontal zoom, likewise (default null: the same zoom as vertically, keeping the aspect ratio). */
  widthFactor?: number | [number, number] | null;
}

/**
 * Zooms each image in or out by a random amount in training, as Keras' `RandomZoom`:
 * the output pixel `(x, y)` reads the input at `(zx·x + (w-1)/2·(1-zx), zy·y + (h-1)/2·(1-zy))`
 * with `zy = 1 + U(heightFactor)` (and `zx` alike, or `zx = zy`).
 *
 * Input/output: `[batch, h, w, c]` or `[h, w, c]`, float32. Identity at inference.
 *
 * @example
 * ```ts
 * import { ones } from '@dl/tensor';
 * import { RandomZoom } from '@dl/preprocessing';
 * new RandomZoom({ heightFactor: 0.2, seed: 1 }).apply(ones([2, 8, 8, 3]), { training: true });
 * ```
 */
export class RandomZoom extends AffineImageLayer {
  static override readonly className: string = 'RandomZoom';
  readonly heightFactor: [number, number];
  readonly widthFactor: [number, number] | null;

  /**
   * @param args `heightFactor` (required), `widthFactor`, `fillMode`, `interpolation`, `fillValue`, `seed`, and the Layer arguments.
   * @throws ConfigError for factors outside [-1, 1] or unknown modes.
   */
  constructor(args: RandomZoomArgs) {
    super(args);
    this.heightFactor = factorRange(args?.heightFactor, 'heightFactor', this.label);
    this.widthFactor = args.widthFactor == null ? null : factorRange(args.widthFactor, 'widthFactor', this.label);
  }

  protected coefficients(b: number, h: number, w: number): Tensor1D[] {
    const zy = randomUniform([b], 1 + this.heightFactor[0], 1 + this.heightFactor[1], 'float32', this.drawSeed()) as Tensor1D;
    const zx = this.widthFactor === null ? zy : (randomUniform([b], 1 + this.widthFactor[0], 1 + this.widthFactor[1], 'float32', this.drawSeed()) as Tensor1D);
    const xOff = mul(sub(1, zx), (w - 1) / 2);
    const yOff = mul(sub(1, zy), (h - 1) / 2);
    const zero = this.constant(b, 0);
    return [zx, zero, add(xOff, 0), zero, zy, yOff, zero, zero] as Tensor1D[];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }

  static override fromConfig(config: LayerConfig): RandomZoom {
    return new RandomZoom(config as unknown as RandomZoomArgs);
  }
}
