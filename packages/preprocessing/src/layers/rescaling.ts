import { ConfigError, add, describeValue, mul, tidy, type Tensor } from '@dl/tensor';
import { Layer, type LayerArgs, type LayerConfig, type Shape } from '@dl/layers';

/** Arguments of {@link Rescaling}. */
export interface RescalingArgs extends LayerArgs {
  /** The multiplier (the book: `1 / 255`). */
  scale: number;
  /** Added after scaling (default 0). */
  offset?: number;
}

/**
 * `x * scale + offset`, as Keras' `Rescaling` (the book: `Rescaling(1 / 255)` on images).
 *
 * Input: any tensor. Output: float32, same shape.
 *
 * @example
 * ```ts
 * import { tensor1d } from '@dl/tensor';
 * import { Rescaling } from '@dl/preprocessing';
 * new Rescaling({ scale: 1 / 127.5, offset: -1 }).apply(tensor1d([0, 255])); // [-1, 1]
 * ```
 */
export class Rescaling extends Layer {
  static override readonly className: string = 'Rescaling';
  readonly scale: number;
  readonly offset: number;

  /**
   * @param args `scale` (required), `offset`, and the Layer arguments.
   * @throws ConfigError for a non-finite scale or offset.
   */
  constructor(args: RescalingArgs) {
    super(args);
    if (typeof args?.scale !== 'number' || !Number.isFinite(args.scale)) {
      throw new ConfigError(`Invalid \`scale\` for ${this.label}: expected a finite number, received ${describeValue(args?.scale)}.`);
    }
    const offset = args.offset ?? 0;
    if (!Number.isFinite(offset)) throw new ConfigError(`Invalid \`offset\` for ${this.label}: expected a finite number, received ${describeValue(offset)}.`);
    this.scale = args.scale;
    this.offset = offset;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tidy(() => add(mul(x, this.scale), this.offset));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), scale: this.scale, offset: this.offset };
  }

  static override fromConfig(config: LayerConfig): Rescaling {
    return new Rescaling(config as unknown as RescalingArgs);
  }
}
