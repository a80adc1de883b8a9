import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import {
  Input, InputLayer, Layer, SymbolicTensor, deserializeRegisteredLayer, serializeLayer,
  type CallOptions, type LayerConfig, type LayerRegistry, type SerializedLayer, type Shape,
} from '@dl/layers';
import { buildGraph } from './graph';
import { Model } from './model';

/** Sequential's options. */
export interface SequentialArgs {
  /** Default `sequential`, numbered. */
  name?: string;
  /** Default true. */
  trainable?: boolean;
}

/**
 * Keras' Sequential: a plain stack of layers, each with one input and one
 * output. Give the input shape with an `Input` first (or `inputShape` on the
 * first layer) to build it at once (then `summary` shows every shape);
 * otherwise it builds on the first data it sees.
 *
 * @throws ConfigError for a non-layer, a second Input, a duplicate name, or `pop` on an empty model.
 * @example
 * ```ts
 * const model = new Sequential([
 *   Input({ shape: [784] }),
 *   new Dense(512, { activation: 'relu' }),
 *   new Dense(10, { activation: 'softmax' }),
 * ]);
 * model.summary();
 * ```
 */
export class Sequential extends Model {
  static override readonly className = 'Sequential';
  private stack: Layer[] = [];

  constructor(layers: (Layer | SymbolicTensor)[] = [], args: SequentialArgs = {}) {
    super({ ...(args.name === undefined ? {} : { name: args.name }), ...(args.trainable === undefined ? {} : { trainable: args.trainable }) });
    for (const l of layers) this.add(l);
  }

  /** Layers are tracked by `add`, not found among properties. */
  protected override autoTrack(): void {}

  /** The layers, without the InputLayer (as Keras lists them). */
  override get layers(): Layer[] {
    return this.stack.filter((l) => !(l instanceof InputLayer));
  }

  /**
   * Adds a layer on top (or an `Input` first).
   *
   * @throws ConfigError for a non-layer, an Input that is not first, a layer name already used, or a layer with several outputs.
   */
  add(layer: Layer | SymbolicTensor): void {
    const l = layer instanceof SymbolicTensor ? layer.sourceLayer : layer;
    if (!(l instanceof Layer)) throw new ConfigError(`Invalid layer for ${this.label}.add: expected a Layer or an Input, received ${describeValue(layer)}.`);
    if (l instanceof InputLayer && this.stack.length > 0) {
      throw new ConfigError(`Invalid layer for ${this.label}.add: an Input must come first; this model already has ${this.stack.length} layer(s).`);
    }
    if (this.stack.some((s) => s.name === l.name)) {
      throw new ConfigError(`Invalid layer for ${this.label}.add: a layer named "${l.name}" is already in the model; layer names must be unique.`);
    }
    this.stack.push(l);
    this.trackLayer(l);
    this.rebuild();
  }

  /**
   * Removes the top layer.
   *
   * @throws ConfigError when the model has no layers.
   */
  pop(): Layer {
    const last = this.layers[this.layers.length - 1];
    if (last === undefined) throw new ConfigError(`Cannot pop from ${this.label}: it has no layers.`);
    this.stack = this.stack.filter((l) => l !== last);
    this.untrackLayer(last);
    this.rebuild();
    return last;
  }

  /** The input shape, when known: from an Input, or the first layer's `inputShape`. */
  private inputShape(): Shape | null {
    const first = this.stack[0];
    if (first === undefined) return null;
    if (first instanceof InputLayer) return first.batchShape;
    return first.batchInputShape;
  }

  /** Rebuilds the symbolic graph when the input shape is known. */
  private rebuild(shape: Shape | null = this.inputShape()): void {
    this.graph = null;
    if (shape === null || this.layers.length === 0) return;
    const first = this.stack[0]!;
    const input = first instanceof InputLayer ? first.output : Input({ batchShape: shape, dtype: first.dtype === 'int32' ? 'int32' : 'float32' });
    let x: SymbolicTensor = input;
    for (const l of this.layers) {
      const outs = l.applyAll(x);
      if (outs.length !== 1) throw new ConfigError(`Invalid layer for ${this.label}: ${l.label} has ${outs.length} outputs; a Sequential layer must have one.`);
      x = outs[0]!;
    }
    this.setGraph(buildGraph([input], [x], this.label));
    if (!(first instanceof InputLayer)) this.untrackLayer(input.sourceLayer);
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[] {
    let x = inputs;
    for (const l of this.layers) {
      const outs = l.applyAll(x, options.training === undefined ? {} : { training: options.training });
      x = outs.length === 1 ? outs[0]! : outs;
    }
    if (this.graph === null && !Array.isArray(inputs)) this.rebuild([null, ...inputs.shape.slice(1)]);
    return x;
  }

  override getConfig(): LayerConfig {
    return { name: this.name, trainable: this.trainable, dtype: this.dtype, layers: this.stack.map(serializeLayer) };
  }

  /**
   * A Sequential model from `getConfig()`: its layers are deserialized (never
   * running code from the config) from `registry`, the classes given to
   * `registerLayer`, and the built-in layers (always known in Node; a browser
   * bundle that calls this without `modelFromJSON`, `loadModel` or
   * `deserializeLayer` anywhere calls `registerBuiltInLayers()` once first, so
   * that it includes them).
   *
   * @throws ConfigError for a config without `layers` or an unknown layer class.
   * @example
   * ```ts
   * const copy = Sequential.fromConfig(model.getConfig());
   * ```
   */
  static override fromConfig(config: LayerConfig, registry?: LayerRegistry): Sequential {
    const entries = config['layers'];
    if (!Array.isArray(entries)) throw new ConfigError(`Invalid Sequential config: expected a \`layers\` array, received ${describeValue(entries)}.`);
    // Not deserializeLayer: that would keep every layer class in any bundle that uses Sequential.
    const layers = (entries as SerializedLayer[]).map((e) => deserializeRegisteredLayer(e, registry === undefined ? {} : { registry }));
    return new Sequential(layers, { name: config.name, trainable: config.trainable });
  }
}
