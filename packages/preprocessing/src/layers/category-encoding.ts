import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import { Layer, type LayerArgs, type LayerConfig, type Shape } from '@dl/layers';
import { encodeCategorical, encodedShape, outputModeOf, type OutputMode } from './common';

/** Arguments of {@link CategoryEncoding}. */
export interface CategoryEncodingArgs extends LayerArgs {
  /** The number of categories; inputs must be in [0, numTokens). */
  numTokens: number;
  /** `'multiHot'` (default), `'oneHot'` or `'count'`. */
  outputMode?: 'multiHot' | 'oneHot' | 'count' | 'multi_hot' | 'one_hot';
}

/**
 * Encodes integer categories as one-hot, multi-hot or count vectors, as Keras'
 * `CategoryEncoding`. Values outside [0, numTokens) contribute nothing (Keras raises;
 * that check would need a read back from the device).
 *
 * Input: int tensor `[..., k]`. Output: float32 `[..., numTokens]` (multi-hot and
 * count reduce the last axis; one-hot adds an axis, replacing a trailing 1).
 *
 * @example
 * ```ts
 * import { tensor2d } from '@dl/tensor';
 * import { CategoryEncoding } from '@dl/preprocessing';
 * new CategoryEncoding({ numTokens: 4 }).apply(tensor2d([[0, 1], [0, 0], [1, 2], [3, 1]], undefined, 'int32'));
 * // [[1, 1, 0, 0], [1, 0, 0, 0], [0, 1, 1, 0], [0, 1, 0, 1]]
 * ```
 */
export class CategoryEncoding extends Layer {
  static override readonly className: string = 'CategoryEncoding';
  readonly numTokens: number;
  readonly outputMode: OutputMode;
  protected override autocast = false;

  /**
   * @param args `numTokens` (required), `outputMode`, and the Layer arguments.
   * @throws ConfigError for a `numTokens` that is not a positive integer or an unknown mode.
   */
  constructor(args: CategoryEncodingArgs) {
    super(args);
    if (!Number.isInteger(args?.numTokens) || args.numTokens < 1) {
      throw new ConfigError(`Invalid \`numTokens\` for ${this.label}: expected a positive integer, received ${describeValue(args?.numTokens)}.`);
    }
    this.numTokens = args.numTokens;
    this.outputMode = outputModeOf(args.outputMode ?? 'multiHot', ['multiHot', 'oneHot', 'count'], this.label);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return encodeCategorical(x, this.outputMode as Exclude<OutputMode, 'int'>, this.numTokens);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return encodedShape(inputShape, this.outputMode, this.numTokens) as Shape;
  }

  protected override outputDtype(): 'float32' {
    return 'float32';
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), numTokens: this.numTokens, outputMode: this.outputMode };
  }

  static override fromConfig(config: LayerConfig): CategoryEncoding {
    return new CategoryEncoding(config as unknown as CategoryEncodingArgs);
  }
}
