import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type DataType, type Scalar, type Tensor } from '@dl/tensor';
import { getInitializer, type InitializerIdentifier } from '../initializers';
import { type Regularizer, serializeRegularizer } from '../regularizers';
import { formatShape, layerLabel, positiveInt, shapeOf, snakeCase, uniqueName, type Shape } from './checks';
import { getMask, setMask } from './mask';
import { Node, SymbolicTensor, isSymbolic, type NodeArgs } from './symbolic';
import {
  LayerWeight, constraintOrNull, layerStructureChanged, layerStructureVersion, regularizerOrNull, type ConstraintIdentifier, type RegularizerIdentifier,
} from './weight';

export { constraintOrNull, regularizerOrNull, serializeOrNull, type ConstraintIdentifier, type RegularizerIdentifier } from './weight';

/** Arguments every layer takes (Keras' base `Layer` arguments, in camelCase). */
export interface LayerArgs {
  /** The layer's name, unique within a model. Default: the class name in snake_case, numbered (`dense_1`). */
  name?: string;
  /** Whether the layer's weights train. Default true. Set false to freeze. */
  trainable?: boolean;
  /** The dtype of the layer's computations and weights: float32 (default) or int32. */
  dtype?: 'float32' | 'int32';
  /** The input shape without the batch axis, for the first layer of a `Sequential`. */
  inputShape?: Shape;
  /** A fixed batch size, with `inputShape`. */
  batchSize?: number;
  /** The input shape with the batch axis (alternative to `inputShape` + `batchSize`). */
  batchInputShape?: Shape;
  /** A penalty on the layer's output, added to `losses` at each call. */
  activityRegularizer?: RegularizerIdentifier | null;
}

/** Options of a layer call. */
export interface CallOptions {
  /** Training mode: Dropout drops, BatchNormalization uses batch statistics. Default false. */
  training?: boolean;
  /** A mask (or one per input); default: the mask attached to the inputs by a masking layer. */
  mask?: Tensor | (Tensor | null)[] | null;
}

/** Keras' `InputSpec`: what a layer accepts, checked at every call. */
export interface InputSpec {
  /** Exact rank. */
  ndim?: number;
  /** Minimum rank. */
  minNdim?: number;
  /** Maximum rank. */
  maxNdim?: number;
  /** Required sizes of given axes (negative axes count from the end). */
  axes?: Record<number, number>;
}

/** A layer's JSON config: Keras' arguments in camelCase. */
export type LayerConfig = { [key: string]: unknown; name: string; trainable: boolean; dtype: string };

/** Options of `addWeight`. */
export interface AddWeightOptions {
  /** The weight's shape. */
  shape: number[];
  /** Initial values: an initializer or its name. Default `glorotUniform` for float weights, `zeros` for int. */
  initializer?: InitializerIdentifier;
  /** A penalty added to `losses`. */
  regularizer?: RegularizerIdentifier | null;
  /** A projection applied after each optimizer step. */
  constraint?: ConstraintIdentifier | null;
  /** Whether gradients update it. Default true. */
  trainable?: boolean;
  /** Default: the layer's dtype. */
  dtype?: DataType;
}

type Inputs = Tensor | Tensor[];
type SymInputs = SymbolicTensor | SymbolicTensor[];

/**
 * The base of every layer: Keras' `Layer`. A subclass validates its arguments
 * in the constructor, creates weights in `build(inputShape)` with `addWeight`,
 * computes in `call(inputs, { training, mask })` with `@dl/tensor` ops, and
 * describes itself in `computeOutputShape` and `getConfig`.
 *
 * Call a layer with `apply`: on tensors it computes; on symbolic tensors (from
 * `Input`) it records a node of a graph. It builds itself on the first call,
 * checks the input against `inputSpec` (wrong rank or size is a ShapeError
 * naming the layer, the axis, what was expected and what was received),
 * casts int inputs of a float layer, passes masks along, and collects the
 * activity regularizer's loss.
 *
 * @example
 * ```ts
 * class Scale extends Layer {
 *   static override readonly className = 'Scale';
 *   scale!: LayerWeight;
 *   override build(inputShape: Shape) {
 *     this.scale = this.addWeight('scale', { shape: [inputShape.at(-1)!], initializer: 'ones' });
 *     super.build(inputShape);
 *   }
 *   override call(x: Tensor) { return mul(x, this.scale.value); }
 * }
 * registerLayer(Scale);
 * ```
 */
export abstract class Layer {
  /** The name this class serializes under (Keras' class name). */
  static readonly className: string = 'Layer';

  readonly name: string;
  /** The dtype of the layer's computations and weights. */
  readonly dtype: 'float32' | 'int32';
  /** Whether `build` has run. */
  built = false;
  /** What `apply` checks inputs against (one spec per input for several inputs), or null. */
  inputSpec: InputSpec | InputSpec[] | null = null;
  /** True when the layer passes masks through (or makes them: override `computeMask`). */
  supportsMasking = false;
  /** Whether float inputs of another dtype and int inputs are cast to the layer's dtype. */
  protected autocast = true;
  /** The input shape given in the arguments (with the batch axis), if any. */
  readonly batchInputShape: Shape | null;
  /** The activity regularizer, if any. */
  readonly activityRegularizer: Regularizer | null;
  /** The calls of this layer in graphs. */
  readonly inboundNodes: Node[] = [];

  private ownWeights: LayerWeight[] = [];
  private tracked: Layer[] = [];
  private activityLosses: Scalar[] = [];
  private isTrainable: boolean;
  private trainableCache: { version: number; list: LayerWeight[] } | null = null;

  constructor(args: LayerArgs = {}) {
    const cls = (this.constructor as typeof Layer).className;
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '' || /[/\s]/.test(args.name))) {
      throw new ConfigError(`Invalid \`name\` for ${cls}: expected a non-empty string without "/" or spaces, received ${describeValue(args.name)}.`);
    }
    this.name = args.name ?? uniqueName(snakeCase(cls));
    const who = this.label;
    if (args.trainable !== undefined && typeof args.trainable !== 'boolean') {
      throw new ConfigError(`Invalid \`trainable\` for ${who}: expected true or false, received ${describeValue(args.trainable)}.`);
    }
    this.isTrainable = args.trainable ?? true;
    if (args.dtype !== undefined && args.dtype !== 'float32' && args.dtype !== 'int32') {
      throw new ConfigError(`Invalid \`dtype\` for ${who}: expected "float32" or "int32", received ${describeValue(args.dtype)}.`);
    }
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape !== undefined) {
      this.batchInputShape = shapeOf(args.batchInputShape, 'batchInputShape', who);
    } else if (args.inputShape !== undefined) {
      const batch = args.batchSize === undefined ? null : positiveInt(args.batchSize, 'batchSize', who);
      this.batchInputShape = [batch, ...shapeOf(args.inputShape, 'inputShape', who)];
    } else {
      this.batchInputShape = null;
    }
    this.activityRegularizer = regularizerOrNull(args.activityRegularizer, who);
  }

  /** `Dense "dense_1"`: how errors name this layer. */
  get label(): string {
    return layerLabel((this.constructor as typeof Layer).className, this.name);
  }

  /** Whether the layer's weights train. Setting false freezes them (and those of its sublayers). */
  get trainable(): boolean {
    return this.isTrainable;
  }
  set trainable(value: boolean) {
    this.isTrainable = value;
    layerStructureChanged();
    // The variables' own flag too, so that a variableGrads without a list skips frozen weights.
    for (const w of this.ownWeights) w.value.trainable = value && w.trainable;
    for (const l of this.tracked) l.trainable = value;
  }

  /** Sublayers registered with `trackLayer` (Bidirectional's two RNNs, attention's projections). */
  get layers(): Layer[] {
    return [...this.tracked];
  }

  /** All weights: own (trainable first, then non-trainable), then the sublayers'. */
  get weights(): LayerWeight[] {
    const own = [...this.ownWeights.filter((w) => w.trainable), ...this.ownWeights.filter((w) => !w.trainable)];
    // Once each, as Keras: a sublayer reached twice (shared by two sublayers) counts once.
    return [...new Set([...own, ...this.tracked.flatMap((l) => l.weights)])];
  }

  /** The weights gradients update: none when the layer is frozen. */
  get trainableWeights(): LayerWeight[] {
    if (!this.trainable) return [];
    // Read once per training step: the list is reused until a layer's structure changes.
    const version = layerStructureVersion();
    if (this.trainableCache?.version !== version) {
      const list = [...new Set([...this.ownWeights.filter((w) => w.trainable), ...this.tracked.flatMap((l) => l.trainableWeights)])];
      this.trainableCache = { version, list };
    }
    return this.trainableCache.list.slice();
  }

  /** The weights gradients leave alone: statistics, and everything when frozen. */
  get nonTrainableWeights(): LayerWeight[] {
    if (!this.trainable) return this.weights;
    return [...new Set([...this.ownWeights.filter((w) => !w.trainable), ...this.tracked.flatMap((l) => l.nonTrainableWeights)])];
  }

  /** The number of scalars in all weights. */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  }

  /**
   * The regularization losses: each weight regularizer applied to its weight
   * now (so use it inside the gradient function), plus the activity losses of
   * the last call. As in Keras 3, only trainable weights count: a frozen
   * layer adds no weight penalty.
   */
  get losses(): Scalar[] {
    const fromWeights = (this.trainable ? this.ownWeights : [])
      .filter((w) => w.trainable && w.regularizer !== null)
      .map((w) => w.regularizer!.call(w.value));
    // Activity losses freed by the tidy of their call (or of a shape probe) are gone.
    const activity = this.activityLosses.filter((l) => !l.isDisposed);
    return [...fromWeights, ...activity, ...this.tracked.flatMap((l) => l.losses)];
  }

  /** Adds a loss to `losses` for this call (what `ActivityRegularization` does). */
  addLoss(loss: Scalar): void {
    this.activityLosses.push(loss);
  }

  /**
   * Creates a weight; call it in `build`.
   *
   * @throws ConfigError for a non-integer or negative size, or an unknown initializer, regularizer or constraint.
   */
  addWeight(name: string, options: AddWeightOptions): LayerWeight {
    const who = this.label;
    const shape = options.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ConfigError(`Invalid shape for weight "${name}" of ${who}: expected non-negative integers, received ${describeValue(shape)}.`);
    }
    const dtype = options.dtype ?? this.dtype;
    const init = getInitializer(options.initializer ?? (dtype === 'float32' ? 'glorotUniform' : 'zeros'), who);
    const regularizer = regularizerOrNull(options.regularizer, who);
    const constraint = constraintOrNull(options.constraint, who);
    const trainable = options.trainable ?? true;
    // tidy frees the initial values (and their cast); a variable is never tracked by tidy.
    const variable = dl.tidy(() => {
      const initial = init.call(shape, dtype);
      return dl.variable(initial.dtype === dtype ? initial : dl.cast(initial, dtype), trainable && this.trainable);
    });
    const weight = new LayerWeight(name, `${this.name}/${name}`, variable, trainable, regularizer, constraint);
    this.ownWeights.push(weight);
    layerStructureChanged();
    return weight;
  }

  /** Registers a sublayer: its weights become this layer's, and freezing reaches it. Returns it. */
  protected trackLayer<L extends Layer>(layer: L): L {
    if (!this.tracked.includes(layer)) {
      this.tracked.push(layer);
      layerStructureChanged();
    }
    return layer;
  }

  /** Stops tracking a sublayer (what `Sequential.pop` does). */
  protected untrackLayer(layer: Layer): void {
    this.tracked = this.tracked.filter((l) => l !== layer);
    layerStructureChanged();
  }

  /**
   * Creates the weights for inputs of this shape. Subclasses create their
   * weights, then call `super.build(inputShape)` (which marks the layer built).
   */
  build(_inputShape: Shape | Shape[]): void {
    this.built = true;
  }

  /** The computation, on concrete tensors. */
  abstract call(inputs: Inputs, options: CallOptions): Tensor | Tensor[];

  /**
   * The output shape for an input shape (`null` for unknown sizes). The
   * default runs `call` on small zero tensors (unknown sizes as 1, then 2; an
   * output size that changes between the two is unknown): override it when
   * that is wrong or slow.
   */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const multi = Array.isArray(inputShape[0]);
    const shapes = (multi ? inputShape : [inputShape]) as Shape[];
    const probe = (fill: number) =>
      dl.tidy(() => {
        const xs = shapes.map((s) => dl.zeros(s.map((d) => d ?? fill), this.autocast ? this.dtype : 'int32'));
        const out = this.call(multi ? xs : xs[0]!, { training: false });
        return (Array.isArray(out) ? out : [out]).map((t) => t.shape);
      });
    // A probe must not leave losses (disposed by its tidy) behind in `losses`.
    const kept = [...this.activityLosses];
    let a: number[][];
    let b: number[][];
    try {
      a = probe(1);
      b = probe(2);
    } finally {
      this.activityLosses = kept;
    }
    const merged = a.map((s, i) => s.map((d, j) => (d === b[i]![j] ? d : null)));
    return merged.length > 1 ? merged : merged[0]!;
  }

  /**
   * The mask of the output: by default the input mask passes through when
   * `supportsMasking`, and is dropped otherwise.
   */
  computeMask(_inputs: Inputs, mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    if (!this.supportsMasking || mask == null) return null;
    return mask;
  }

  /** Keras' arguments of this layer, as JSON (subclasses add theirs). */
  getConfig(): LayerConfig {
    const config: LayerConfig = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape !== null) config['batchInputShape'] = this.batchInputShape;
    if (this.activityRegularizer !== null) config['activityRegularizer'] = serializeRegularizer(this.activityRegularizer);
    return config;
  }

  /** A layer from `getConfig()`'s output. Layers with positional arguments override it. */
  static fromConfig(config: LayerConfig): Layer {
    return new (this as unknown as new (args: LayerConfig) => Layer)(config);
  }

  /** Copies of the weights' values (new tensors the caller disposes), in `weights` order. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => dl.clone(w.value));
  }

  /**
   * Sets every weight, in `weights` order; checks all shapes before changing any.
   *
   * @throws ShapeError on a wrong count or shape, naming the weight and both shapes.
   */
  setWeights(values: Tensor[]): void {
    const weights = this.weights;
    if (values.length !== weights.length) {
      throw new ShapeError(`Invalid weights for ${this.label}: expected ${weights.length} arrays, received ${values.length}.`);
    }
    weights.forEach((w, i) => {
      const v = values[i]!;
      if (v.shape.length !== w.shape.length || v.shape.some((d, j) => d !== w.shape[j])) {
        throw new ShapeError(`Invalid value for weight "${w.path}": expected shape ${formatShape(w.shape)}, received ${formatShape(v.shape)}.`);
      }
    });
    weights.forEach((w, i) => w.assign(values[i]!));
  }

  /** Frees the weights' memory; the layer is unusable afterwards. */
  dispose(): void {
    for (const w of this.ownWeights) w.value.dispose();
    for (const l of this.tracked) l.dispose();
  }

  /**
   * Calls the layer on one input, or on a list for multi-input layers, and
   * returns its one output (use `applyAll` for layers with several outputs,
   * such as an LSTM with `returnState`).
   *
   * @throws ShapeError when the input does not fit `inputSpec`.
   * @example
   * ```ts
   * const y = new Dense(3).apply(ones([2, 4])); // shape [2, 3]
   * ```
   */
  apply(inputs: SymInputs, options?: CallOptions): SymbolicTensor;
  apply(inputs: Inputs, options?: CallOptions): Tensor;
  apply(inputs: SymInputs | Inputs, options: CallOptions = {}): SymbolicTensor | Tensor {
    const out = this.applyAll(inputs as Inputs, options);
    if (out.length !== 1) {
      // Leave nothing behind: no graph node for a symbolic call, no tensors for a concrete one.
      if (isSymbolic(inputs)) this.inboundNodes.pop();
      else dl.dispose((out as Tensor[]).filter((t) => !(Array.isArray(inputs) ? inputs : [inputs]).includes(t as never)));
      throw new ShapeError(`${this.label} returned ${out.length} outputs: use applyAll() to get them all.`);
    }
    return out[0]!;
  }

  /** Like `apply`, returning every output as an array. @example `const [seq, h, c] = lstm.applyAll(x)` */
  applyAll(inputs: SymInputs, options?: CallOptions): SymbolicTensor[];
  applyAll(inputs: Inputs, options?: CallOptions): Tensor[];
  applyAll(inputs: SymInputs | Inputs, options: CallOptions = {}): SymbolicTensor[] | Tensor[] {
    if (isSymbolic(inputs)) return this.applySymbolic(inputs, options);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length === 0 || !list.every((t) => t instanceof dl.Tensor)) {
      throw new ShapeError(`Invalid input to ${this.label}: expected a Tensor, a SymbolicTensor or an array of them, received ${describeValue(inputs)}.`);
    }
    const shapes = list.map((t) => t.shape as Shape);
    this.checkInputs(shapes);
    this.maybeBuild(Array.isArray(inputs) ? shapes : shapes[0]!);
    let mask = options.mask;
    if (mask === undefined) {
      const found = list.map((t) => getMask(t));
      mask = found.every((m) => m === null) ? null : Array.isArray(inputs) ? found : found[0]!;
    }
    const cast = this.autocast ? list.map((t) => (t.dtype === this.dtype || t.dtype === 'string' ? t : dl.cast(t, this.dtype))) : list;
    const x = Array.isArray(inputs) ? cast : cast[0]!;
    this.activityLosses = [];
    const result = this.call(x, { training: options.training ?? false, mask });
    const outs = Array.isArray(result) ? result : [result];
    if (this.activityRegularizer !== null) {
      // Keras 3 adds the penalty of each output as is (Keras 2 divided it by the batch size).
      for (const o of outs) this.activityLosses.push(this.activityRegularizer.call(o));
    }
    const outMask = this.computeMask(x, mask);
    if (outMask !== null) {
      const ms = Array.isArray(outMask) ? outMask : outs.map(() => outMask);
      outs.forEach((o, i) => setMask(o, ms[i] ?? null));
    }
    return outs;
  }

  private applySymbolic(inputs: SymInputs, options: CallOptions): SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const shapes = list.map((t) => t.shape);
    this.checkInputs(shapes);
    const shape = Array.isArray(inputs) ? shapes : shapes[0]!;
    this.maybeBuild(shape);
    const outShape = this.computeOutputShape(shape);
    const outShapes = (Array.isArray(outShape[0]) ? outShape : [outShape]) as Shape[];
    const dtype = this.outputDtype(list[0]!.dtype);
    const outs = outShapes.map((s, i) => new SymbolicTensor(s, dtype, i, outShapes.length === 1 ? this.name : `${this.name}:${i}`));
    const args: NodeArgs = {};
    if (options.training !== undefined) args.training = options.training;
    if (Array.isArray(inputs)) args.listInput = true;
    this.inboundNodes.push(new Node(this, list, outs, args));
    return outs;
  }

  /** The dtype of the outputs for inputs of `inputDtype` (the layer's dtype, unless a layer says otherwise). */
  protected outputDtype(inputDtype: DataType): DataType {
    return this.autocast ? this.dtype : inputDtype;
  }

  private maybeBuild(shape: Shape | Shape[]): void {
    if (this.built) return;
    const weightsBefore = this.ownWeights.length;
    const trackedBefore = this.tracked.length;
    const specBefore = this.inputSpec;
    try {
      this.build(shape);
      this.built = true;
    } catch (e) {
      // Leave nothing half-built: drop the weights and sublayers build created before it failed.
      for (const w of this.ownWeights.slice(weightsBefore)) w.value.dispose();
      for (const l of this.tracked.slice(trackedBefore)) l.dispose();
      this.ownWeights = this.ownWeights.slice(0, weightsBefore);
      this.tracked = this.tracked.slice(0, trackedBefore);
      layerStructureChanged();
      this.inputSpec = specBefore;
      this.built = false;
      throw e;
    }
  }

  /** Checks input shapes against `inputSpec`, with Keras' message: layer, input, axis, expected, received. */
  protected checkInputs(shapes: Shape[]): void {
    if (this.inputSpec === null) return;
    const specs = Array.isArray(this.inputSpec) ? this.inputSpec : [this.inputSpec];
    if (Array.isArray(this.inputSpec) && specs.length !== shapes.length) {
      throw new ShapeError(`Invalid input to ${this.label}: expected ${specs.length} inputs, received ${shapes.length}.`);
    }
    specs.forEach((spec, i) => {
      const shape = shapes[i]!;
      const rank = shape.length;
      const at = `Input ${i} of ${this.label} is incompatible`;
      const got = `received ndim ${rank} (shape ${formatShape(shape)})`;
      if (spec.ndim !== undefined && rank !== spec.ndim) throw new ShapeError(`${at}: expected ndim ${spec.ndim}, ${got}.`);
      if (spec.minNdim !== undefined && rank < spec.minNdim) throw new ShapeError(`${at}: expected ndim >= ${spec.minNdim}, ${got}.`);
      if (spec.maxNdim !== undefined && rank > spec.maxNdim) throw new ShapeError(`${at}: expected ndim <= ${spec.maxNdim}, ${got}.`);
      for (const [key, size] of Object.entries(spec.axes ?? {})) {
        const axis = Number(key);
        const actual = shape[axis < 0 ? rank + axis : axis];
        if (actual !== null && actual !== undefined && actual !== size) {
          throw new ShapeError(`${at}: expected axis ${axis} of size ${size}, received ${actual} (shape ${formatShape(shape)}).`);
        }
      }
    });
  }
}
