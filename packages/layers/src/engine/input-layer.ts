import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import { positiveInt, shapeOf, type Shape } from './checks';
import { Layer, type LayerConfig } from './layer';
import { Node, SymbolicTensor } from './symbolic';

/** Arguments of `Input` and `InputLayer`. */
export interface InputArgs {
  /** The shape of one sample (without the batch axis); `null` for a free size. */
  shape?: Shape;
  /** A fixed batch size. Default: any (`null`). */
  batchSize?: number;
  /** The whole shape, batch axis first (instead of `shape` + `batchSize`). */
  batchShape?: Shape;
  /** float32 (default) or int32 (token ids for an Embedding). */
  dtype?: 'float32' | 'int32';
  /** The input's name. Default `input_layer`, numbered. */
  name?: string;
}

/**
 * The layer behind `Input`: the start of a graph. It holds no weights and
 * passes tensors through.
 *
 * Input shape: `batchShape`. Output shape: the same.
 *
 * @example
 * ```ts
 * const layer = new InputLayer({ shape: [784] });
 * layer.output.shape; // [null, 784]
 * ```
 */
export class InputLayer extends Layer {
  static override readonly className = 'InputLayer';
  /** The symbolic tensor this input stands for. */
  readonly output: SymbolicTensor;
  readonly batchShape: Shape;

  constructor(args: InputArgs = {}) {
    const dtype = args.dtype ?? 'float32';
    super({ ...(args.name === undefined ? {} : { name: args.name }), dtype });
    const who = this.label;
    if (args.batchShape !== undefined) {
      this.batchShape = shapeOf(args.batchShape, 'batchShape', who);
    } else if (args.shape !== undefined) {
      const batch = args.batchSize === undefined ? null : positiveInt(args.batchSize, 'batchSize', who);
      this.batchShape = [batch, ...shapeOf(args.shape, 'shape', who)];
    } else {
      throw new ConfigError(`Invalid arguments for ${who}: expected \`shape\` or \`batchShape\`, received ${describeValue(args)}.`);
    }
    this.built = true;
    this.output = new SymbolicTensor(this.batchShape, dtype, 0, this.name);
    this.inboundNodes.push(new Node(this, [], [this.output], {}));
  }

  override call(x: Tensor | Tensor[]): Tensor | Tensor[] {
    return x;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { name: this.name, trainable: this.trainable, dtype: this.dtype, batchShape: this.batchShape };
  }

  static override fromConfig(config: LayerConfig): InputLayer {
    const { batchShape, dtype, name } = config as LayerConfig & { batchShape: Shape };
    return new InputLayer({ batchShape, dtype: dtype as 'float32' | 'int32', name });
  }
}

/**
 * Keras' `Input`: a symbolic tensor that starts a functional model. Call
 * layers on it to build a graph; `new Model({ inputs, outputs })` (in
 * `@dl/models`) runs that graph.
 *
 * @throws ConfigError without `shape` or `batchShape`, or with a bad size.
 * @example
 * ```ts
 * const inputs = Input({ shape: [784] });
 * const hidden = new Dense(512, { activation: 'relu' }).apply(inputs);
 * hidden.shape; // [null, 512]
 * ```
 */
export function Input(args: InputArgs): SymbolicTensor {
  return new InputLayer(args).output;
}
