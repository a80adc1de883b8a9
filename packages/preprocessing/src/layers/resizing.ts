import { ConfigError, cast, describeValue, type Tensor } from '@dl/tensor';
import { Layer, type LayerArgs, type LayerConfig, type Shape } from '@dl/layers';
import { cropToAspect, onBatch, resize } from './image-ops';

/** Arguments of {@link Resizing}. */
export interface ResizingArgs extends LayerArgs {
  height: number;
  width: number;
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: 'bilinear' | 'nearest';
  /** Center-crop to the target aspect ratio first (default false). */
  cropToAspectRatio?: boolean;
}

/**
 * Resizes images to `[height, width]`, as Keras' `Resizing` (TF's half-pixel resize, no
 * antialiasing), optionally center-cropping to the target aspect ratio first.
 *
 * Input: `[batch, h, w, c]` or `[h, w, c]`. Output: float32 `[batch, height, width, c]`.
 *
 * @example
 * ```ts
 * import { zeros } from '@dl/tensor';
 * import { Resizing } from '@dl/preprocessing';
 * new Resizing({ height: 180, width: 180 }).apply(zeros([2, 240, 320, 3])).shape; // [2, 180, 180, 3]
 * ```
 */
export class Resizing extends Layer {
  static override readonly className: string = 'Resizing';
  readonly height: number;
  readonly width: number;
  readonly interpolation: 'bilinear' | 'nearest';
  readonly cropToAspectRatio: boolean;

  /**
   * @param args `height`, `width` (required), `interpolation`, `cropToAspectRatio`, and the Layer arguments.
   * @throws ConfigError for sizes that are not positive integers or an unknown interpolation.
   */
  constructor(args: ResizingArgs) {
    super(args);
    const who = this.label;
    for (const k of ['height', 'width'] as const) {
      if (!Number.isInteger(args?.[k]) || args[k] < 1) throw new ConfigError(`Invalid \`${k}\` for ${who}: expected a positive integer, received ${describeValue(args?.[k])}.`);
    }
    this.height = args.height;
    this.width = args.width;
    this.interpolation = args.interpolation ?? 'bilinear';
    if (this.interpolation !== 'bilinear' && this.interpolation !== 'nearest') {
      throw new ConfigError(`Invalid \`interpolation\` for ${who}: expected "bilinear" or "nearest", received ${describeValue(args.interpolation)}.`);
    }
    this.cropToAspectRatio = args.cropToAspectRatio ?? false;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return onBatch(x.dtype === 'float32' ? x : cast(x, 'float32'), this.label, (b) =>
      resize(this.cropToAspectRatio ? cropToAspect(b, this.height, this.width) : b, this.height, this.width, this.interpolation));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -3), this.height, this.width, inputShape[inputShape.length - 1] ?? null];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), height: this.height, width: this.width, interpolation: this.interpolation, cropToAspectRatio: this.cropToAspectRatio };
  }

  static override fromConfig(config: LayerConfig): Resizing {
    return new Resizing(config as unknown as ResizingArgs);
  }
}
