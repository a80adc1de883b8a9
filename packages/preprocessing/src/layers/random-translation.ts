import { mul, neg, randomUniform, type Tensor1D } from '@dl/tensor';
import type { LayerConfig } from '@dl/layers';
import { AffineImageLayer, factorRange, type AffineArgs } from './random-image-layer';

/** Arguments of {@link RandomTranslation}. */
export interface RandomTranslationArgs extends AffineArgs {
  /** Vertical shift as a fraction of the height: `f` means up to ±f, or `[lower, upper]`. */
  heightFactor: number | [number, number];
  /** Horizontal shift as a fraction of the width, likewise. */
  widthFactor: number | [number, number];
}

/**
 * Shifts each image by a random offset in training, as Keras' `RandomTranslation`: by
 * `U(heightFactor)·h` rows and `U(widthFactor)·w` columns, points outside filled by `fillMode`.
 *
 * Input/output: `[batch, h, w, c]` or `[h, w, c]`, float32. Identity at inference.
 *
 * @example
 * ```ts
 * import { ones } from '@dl/tensor';
 * import { RandomTranslation } from '@dl/preprocessing';
 * new RandomTranslation({ heightFactor: 0.1, widthFactor: 0.1, seed: 1 }).apply(ones([2, 8, 8, 3]), { training: true });
 * ```
 */
export class RandomTranslation extends AffineImageLayer {
  static override readonly className: string = 'RandomTranslation';
  readonly heightFactor: [number, number];
  readonly widthFactor: [number, number];

  /**
   * @param args `heightFactor`, `widthFactor` (required), `fillMode`, `interpolation`, `fillValue`, `seed`, and the Layer arguments.
   * @throws ConfigError for factors outside [-1, 1] or unknown modes.
   */
  constructor(args: RandomTranslationArgs) {
    super(args);
    this.heightFactor = factorRange(args?.heightFactor, 'heightFactor', this.label);
    this.widthFactor = factorRange(args?.widthFactor, 'widthFactor', this.label);
  }

  protected coefficients(b: number, h: number, w: number): Tensor1D[] {
    const dy = mul(randomUniform([b], this.heightFactor[0], this.heightFactor[1], 'float32', this.drawSeed()), h);
    const dx = mul(randomUniform([b], this.widthFactor[0], this.widthFactor[1], 'float32', this.drawSeed()), w);
    const one = this.constant(b, 1);
    const zero = this.constant(b, 0);
    return [one, zero, neg(dx), zero, one, neg(dy), zero, zero] as Tensor1D[];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }

  static override fromConfig(config: LayerConfig): RandomTranslation {
    return new RandomTranslation(config as unknown as RandomTranslationArgs);
  }
}
