import { ConfigError, describeValue, lessEqual, randomUniform, reverse, where, type Tensor4D } from '@dl/tensor';
import type { LayerConfig } from '@dl/layers';
import { RandomImageLayer, type RandomLayerArgs } from './random-image-layer';

/** Arguments of {@link RandomFlip}. */
export interface RandomFlipArgs extends RandomLayerArgs {
  /** `'horizontal'`, `'vertical'` or `'horizontal_and_vertical'` (default). */
  mode?: 'horizontal' | 'vertical' | 'horizontal_and_vertical';
}

/**
 * Flips each image left-right and/or upside down with probability 1/2 in training, as
 * Keras' `RandomFlip` (the book's data augmentation).
 *
 * Input/output: `[batch, h, w, c]` or `[h, w, c]`, float32. Identity at inference.
 *
 * @example
 * ```ts
 * import { ones } from '@dl/tensor';
 * import { RandomFlip } from '@dl/preprocessing';
 * new RandomFlip({ mode: 'horizontal', seed: 1 }).apply(ones([2, 8, 8, 3]), { training: true });
 * ```
 */
export class RandomFlip extends RandomImageLayer {
  static override readonly className: string = 'RandomFlip';
  readonly mode: 'horizontal' | 'vertical' | 'horizontal_and_vertical';

  /**
   * @param args `mode`, `seed`, and the Layer arguments.
   * @throws ConfigError for an unknown mode.
   */
  constructor(args: RandomFlipArgs = {}) {
    super(args);
    const mode = args.mode ?? 'horizontal_and_vertical';
    if (!['horizontal', 'vertical', 'horizontal_and_vertical'].includes(mode)) {
      throw new ConfigError(`Invalid \`mode\` for ${this.label}: expected "horizontal", "vertical" or "horizontal_and_vertical", received ${describeValue(args.mode)}.`);
    }
    this.mode = mode;
  }

  protected augment(batch: Tensor4D): Tensor4D {
    const b = batch.shape[0];
    let out = batch;
    if (this.mode !== 'vertical') {
      const flip = lessEqual(randomUniform([b, 1, 1, 1], 0, 1, 'float32', this.drawSeed()), 0.5);
      out = where(flip, reverse(out, 2), out);
    }
    if (this.mode !== 'horizontal') {
      const flip = lessEqual(randomUniform([b, 1, 1, 1], 0, 1, 'float32', this.drawSeed()), 0.5);
      out = where(flip, reverse(out, 1), out);
    }
    return out;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), mode: this.mode };
  }

  static override fromConfig(config: LayerConfig): RandomFlip {
    return new RandomFlip(config as unknown as RandomFlipArgs);
  }
}
