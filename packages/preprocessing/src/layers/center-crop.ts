import { ConfigError, cast, describeValue, slice, type Tensor } from '@dl/tensor';
import { Layer, type LayerArgs, type LayerConfig, type Shape } from '@dl/layers';
import { cropToAspect, onBatch, resize } from './image-ops';

/** Arguments of {@link CenterCrop}. */
export interface CenterCropArgs extends LayerArgs {
  height: number;
  width: number;
}

/**
 * Crops the center `[height, width]` of images, as Keras' `CenterCrop`: the crop starts
 * at `floor((h - height) / 2)`, `floor((w - width) / 2)`; an image smaller than the target
 * is instead cropped to the target aspect ratio and resized (Keras' `smart_resize`).
 *
 * Input: `[batch, h, w, c]` or `[h, w, c]`. Output: float32 `[batch, height, width, c]`.
 *
 * @example
 * ```ts
 * import { zeros } from '@dl/tensor';
 * import { CenterCrop } from '@dl/preprocessing';
 * new CenterCrop({ height: 2, width: 2 }).apply(zeros([1, 4, 5, 3])).shape; // [1, 2, 2, 3]
 * ```
 */
export class CenterCrop extends Layer {
  static override readonly className: string = 'CenterCrop';
  readonly height: number;
  readonly width: number;

  /**
   * @param args `height`, `width` (required), and the Layer arguments.
   * @throws ConfigError for sizes that are not positive integers.
   */
  constructor(args: CenterCropArgs) {
    super(args);
    for (const k of ['height', 'width'] as const) {
      if (!Number.isInteger(args?.[k]) || args[k] < 1) throw new ConfigError(`Invalid \`${k}\` for ${this.label}: expected a positive integer, received ${describeValue(args?.[k])}.`);
    }
    this.height = args.height;
    this.width = args.width;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return onBatch(x.dtype === 'float32' ? x : cast(x, 'float32'), this.label, (b) => {
      const [n, h, w, c] = b.shape;
      const dh = h - this.height;
      const dw = w - this.width;
      if (dh >= 0 && dw >= 0) return slice(b, [0, Math.floor(dh / 2), Math.floor(dw / 2), 0], [n, this.height, this.width, c]);
      return resize(cropToAspect(b, this.height, this.width), this.height, this.width, 'bilinear');
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -3), this.height, this.width, inputShape[inputShape.length - 1] ?? null];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), height: this.height, width: this.width };
  }

  static override fromConfig(config: LayerConfig): CenterCrop {
    return new CenterCrop(config as unknown as CenterCropArgs);
  }
}
