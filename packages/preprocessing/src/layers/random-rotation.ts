import { add, cos, div, mul, neg, randomUniform, sin, sub, type Tensor1D } from '@dl/tensor';
import type { LayerConfig } from '@dl/layers';
import { AffineImageLayer, factorRange, type AffineArgs } from './random-image-layer';

/** Arguments of {@link RandomRotation}. */
export interface RandomRotationArgs extends AffineArgs {
  /** A fraction of a full turn: `f` rotates by up to ±f·360°, `[lower, upper]` by lower·360° to upper·360° (counter-clockwise positive). */
  factor: number | [number, number];
}

/**
 * Rotates each image by a random angle in training, as Keras' `RandomRotation` (the
 * book's data augmentation): the angle is uniform in `factor * 2π`, the rotation is about
 * the image center, points outside are filled by `fillMode`.
 *
 * Input/output: `[batch, h, w, c]` or `[h, w, c]`, float32. Identity at inference.
 *
 * @example
 * ```ts
 * import { ones } from '@dl/tensor';
 * import { RandomRotation } from '@dl/preprocessing';
 * const rot = new RandomRotation({ factor: 0.1, seed: 1 });
 * rot.apply(ones([2, 8, 8, 3]), { training: true }); // rotated by up to ±36°
 * ```
 */
export class RandomRotation extends AffineImageLayer {
  static override readonly className: string = 'RandomRotation';
  readonly factor: [number, number];

  /**
   * @param args `factor` (required), `fillMode`, `interpolation`, `fillValue`, `seed`, and the Layer arguments.
   * @throws ConfigError for a factor outside [-1, 1] or unknown modes.
   */
  constructor(args: RandomRotationArgs) {
    super(args);
    this.factor = factorRange(args?.factor, 'factor', this.label);
  }

  protected coefficients(b: number, h: number, w: number): Tensor1D[] {
    const angle = randomUniform([b], this.factor[0] * 2 * Math.PI, this.factor[1] * 2 * Math.PI, 'float32', this.drawSeed()) as Tensor1D;
    const c = cos(angle);
    const s = sin(angle);
    // Keras' rotation matrix: the output pixel (x, y) reads the input at the rotated point about the center.
    const xOff = div(sub(w - 1, sub(mul(c, w - 1), mul(s, h - 1))), 2);
    const yOff = div(sub(h - 1, add(mul(s, w - 1), mul(c, h - 1))), 2);
    return [c, neg(s), xOff, s, c, yOff, this.constant(b, 0), this.constant(b, 0)] as Tensor1D[];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), factor: this.factor };
  }

  static override fromConfig(config: LayerConfig): RandomRotation {
    return new RandomRotation(config as unknown as RandomRotationArgs);
  }
}
