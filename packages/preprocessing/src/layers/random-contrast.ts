import { ConfigError, add, clipByValue, describeValue, mean, mul, randomUniform, sub, type Tensor4D } from '@dl/tensor';
import type { LayerConfig } from '@dl/layers';
import { RandomImageLayer, type RandomLayerArgs } from './random-image-layer';

/** Arguments of {@link RandomContrast}. */
export interface RandomContrastArgs extends RandomLayerArgs {
  /** `f` in [0, 1]: a contrast factor in [1 - f, 1 + f]; or `[lower, upper]`: in [1 - lower, 1 + upper]. */
  factor: number | [number, number];
  /** The range of pixel values the output is clipped to (default [0, 255]). */
  valueRange?: [number, number];
}

/**
 * Changes the contrast of each image by a random factor in training, as Keras'
 * `RandomContrast`: `(x - mean) * factor + mean` per image and channel (mean over
 * height and width), clipped to `valueRange`.
 *
 * Input/output: `[batch, h, w, c]` or `[h, w, c]`, float32. Identity at inference.
 *
 * @example
 * ```ts
 * import { ones } from '@dl/tensor';
 * import { RandomContrast } from '@dl/preprocessing';
 * new RandomContrast({ factor: 0.2, seed: 1 }).apply(ones([2, 8, 8, 3]), { training: true });
 * ```
 */
export class RandomContrast extends RandomImageLayer {
  static override readonly className: string = 'RandomContrast';
  readonly factor: [number, number];
  readonly valueRange: [number, number];

  /**
   * @param args `factor` (required), `valueRange`, `seed`, and the Layer arguments.
   * @throws ConfigError for factors outside [0, 1] or a bad value range.
   */
  constructor(args: RandomContrastArgs) {
    super(args);
    const who = this.label;
    const f = args?.factor;
    const pair = typeof f === 'number' ? [f, f] : f;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) {
      throw new ConfigError(`Invalid \`factor\` for ${who}: expected a number or [lower, upper] in [0, 1], received ${describeValue(f)}.`);
    }
    this.factor = [pair[0]!, pair[1]!];
    const r = args.valueRange ?? [0, 255];
    if (!Array.isArray(r) || r.length !== 2 || !(r[0] < r[1])) throw new ConfigError(`Invalid \`valueRange\` for ${who}: expected [low, high] with low < high, received ${describeValue(r)}.`);
    this.valueRange = [r[0], r[1]];
  }

  protected augment(batch: Tensor4D): Tensor4D {
    const b = batch.shape[0];
    const factor = randomUniform([b, 1, 1, 1], 1 - this.factor[0], 1 + this.factor[1], 'float32', this.drawSeed());
    const m = mean(batch, [1, 2], true);
    return clipByValue(add(mul(sub(batch, m), factor), m), this.valueRange[0], this.valueRange[1]) as Tensor4D;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange };
  }

  static override fromConfig(config: LayerConfig): RandomContrast {
    return new RandomContrast(config as unknown as RandomContrastArgs);
  }
}
