import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Scalar, type Tensor } from '@dl/tensor';
import {
  Layer, SymbolicTensor,
  type CallOptions, type LayerArgs, type LayerConfig, type LayerRegistry, type LayerWeight, type Shape,
} from '@dl/layers';
import type { Metric } from '@dl/metrics';
import type { Optimizer } from '@dl/optimizers';
import type { History, ResumePoint, ResumeRandomState } from '@dl/callbacks';
import { resolveCompile, totalLoss, type CompileArgs, type Compiled } from './compile';
import { toList, type Batch, type Dataset, type TensorData } from './data';
import { buildGraph, graphConfig, graphFromConfig, runGraph, type Graph } from './graph';
import { loadWeightsFromBytes, saveModel, saveWeightsToBytes, type SaveOptions } from './saving';
import { summary, type SummaryOptions } from './summary';
import { evaluate, fit, predict, type EvaluateArgs, type FitArgs, type PredictArgs } from './training';

/** Arguments of a functional `Model`. */
export interface ModelArgs extends Omit<LayerArgs, 'inputShape' | 'batchSize' | 'batchInputShape'> {
  /** The model's inputs: tensors made by `Input` (omit both for a subclassed model). */
  inputs?: SymbolicTensor | SymbolicTensor[];
  /** The model's outputs: tensors computed from the inputs by calling layers. */
  outputs?: SymbolicTensor | SymbolicTensor[];
}

function asList<T>(x: T | T[]): T[] {
  return Array.isArray(x) ? x : [x];
}

/**
 * Keras' `Model`: a graph of layers you train with `compile` and `fit`.
 *
 * - Functional: `new Model({ inputs, outputs })` with `inputs` from `Input`
 *   and `outputs` computed by calling layers on them: several inputs and
 *   outputs, shared layers, branches and residual connections.
 * - Subclassed: `class MyModel extends Model { call(x, options) {...} }`,
 *   with its layers as properties (found on the first call, as Keras tracks them).
 * - `Sequential` is a `Model` too; any model can be used as a layer.
 *
 * Training: `compile({ optimizer, loss, metrics })`, then `fit`, `evaluate`,
 * `predict` (all async), or `trainOnBatch` / `testOnBatch` /
 * `predictOnBatch`. Override `trainStep` / `testStep` for custom training.
 *
 * @throws ConfigError for inputs not made by `Input` or a disconnected graph.
 * @example
 * ```ts
 * const inputs = Input({ shape: [784] });
 * const hidden = new Dense(512, { activation: 'relu' }).apply(inputs);
 * const outputs = new Dense(10, { activation: 'softmax' }).apply(hidden);
 * const model = new Model({ inputs, outputs });
 * model.compile({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * ```
 */
export class Model extends Layer {
  static override readonly className: string = 'Functional';
  /** Set by a callback (EarlyStopping) to end `fit` after the current batch. */
  stopTraining = false;
  /** Where `fit` resumes, set by BackupAndRestore. */
  resumeFrom?: ResumePoint | undefined;
  /** The random state for a mid-epoch resume, set by BackupAndRestore. */
  resumeRandomState?: ResumeRandomState | undefined;
  /** The History of the last `fit`. */
  history: History | null = null;
  /** What `compile` resolved, or null before it. */
  compiled: Compiled | null = null;
  protected graph: Graph | null = null;

  constructor(args?: ModelArgs) {
    const { inputs, outputs, ...rest } = args ?? ({} as Partial<ModelArgs>);
    super(rest);
    if (inputs === undefined && outputs === undefined) return; // subclassed: `call` is overridden
    if (inputs === undefined || outputs === undefined) {
      throw new ConfigError(`Invalid arguments for ${this.label}: expected both \`inputs\` and \`outputs\`, received ${describeValue(args)}.`);
    }
    const ins = asList(inputs);
    const outs = asList(outputs);
    for (const t of [...ins, ...outs]) {
      if (!(t instanceof SymbolicTensor)) {
        throw new ConfigError(`Invalid inputs or outputs for ${this.label}: expected tensors from Input() and layer calls, received ${describeValue(t)}.`);
      }
    }
    this.setGraph(buildGraph(ins, outs, this.label));
  }

  /** Installs a graph: tracks its layers (once each, in order) and checks their names are unique. */
  protected setGraph(graph: Graph): void {
    const names = new Set<string>();
    for (const l of graph.layers) {
      if (names.has(l.name)) {
        throw new ConfigError(`Invalid model ${this.label}: two layers are named "${l.name}"; layer names must be unique within a model.`);
      }
      names.add(l.name);
    }
    this.graph = graph;
    for (const l of graph.layers) this.trackLayer(l);
    this.built = true;
  }

  /** The symbolic inputs (functional and built Sequential models). */
  get inputs(): SymbolicTensor[] {
    return this.graph?.inputs ?? [];
  }

  /** The symbolic outputs. */
  get outputs(): SymbolicTensor[] {
    return this.graph?.outputs ?? [];
  }

  /** The names of the inputs (their Input layers' names): the keys of a record `x`. */
  get inputNames(): string[] {
    return this.graph === null ? ['input'] : this.graph.inputs.map((t) => t.sourceLayer.name);
  }

  /** The names of the outputs (the producing layers' names): keys of records `y`, `loss`, `metrics`, and log prefixes. */
  get outputNames(): string[] {
    return this.graph === null ? ['output'] : this.graph.outputs.map((t) => t.sourceLayer.name);
  }

  /** Finds layers assigned as properties of a subclassed model (Keras tracks attributes the same way). */
  protected autoTrack(): void {
    if (this.graph !== null) return;
    for (const value of Object.values(this)) {
      const items: unknown[] = Array.isArray(value) ? value : [value];
      for (const item of items) if (item instanceof Layer && item !== this) this.trackLayer(item);
    }
  }

  override get layers(): Layer[] {
    this.autoTrack();
    return super.layers;
  }
  override get weights(): LayerWeight[] {
    this.autoTrack();
    return super.weights;
  }
  override get trainableWeights(): LayerWeight[] {
    this.autoTrack();
    return super.trainableWeights;
  }
  override get nonTrainableWeights(): LayerWeight[] {
    this.autoTrack();
    return super.nonTrainableWeights;
  }

  /**
   * A layer by name or by index in `layers`.
   *
   * @throws ConfigError when there is no such layer, listing the names.
   * @example
   * ```ts
   * model.getLayer('dense_1').getWeights();
   * ```
   */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    const found = typeof nameOrIndex === 'number' ? layers[nameOrIndex] : layers.find((l) => l.name === nameOrIndex);
    if (found === undefined) {
      throw new ConfigError(`No layer ${describeValue(nameOrIndex)} in ${this.label}: expected one of ${layers.map((l) => `"${l.name}"`).join(', ')}.`);
    }
    return found;
  }

  /** Runs the model: the graph for functional models; subclasses override it. */
  override call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[] {
    if (this.graph === null) {
      throw new ConfigError(`${this.label} has no graph: a subclassed model must override call(inputs, options).`);
    }
    const outs = runGraph(this.graph, asList(inputs), options.training ?? false);
    return outs.length === 1 ? outs[0]! : outs;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    if (this.graph === null) return super.computeOutputShape(inputShape);
    const batch = (Array.isArray(inputShape[0]) ? (inputShape[0] as Shape)[0] : (inputShape as Shape)[0]) ?? null;
    const shapes = this.graph.outputs.map((t) => [batch, ...t.shape.slice(1)]);
    return shapes.length === 1 ? shapes[0]! : shapes;
  }

  /** The regularization losses of every layer (computed now: use inside the gradient function). */
  override get losses(): Scalar[] {
    this.autoTrack();
    return super.losses;
  }

  /**
   * Configures training: the optimizer, the loss (one, per output as an
   * array, or a record by output name), metrics, and loss weights.
   *
   * @throws ConfigError for unknown names or a count that does not match the outputs.
   * @example
   * ```ts
   * model.compile({ optimizer: 'rmsprop', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
   * ```
   */
  compile(args: CompileArgs): void {
    const shapes = this.graph === null ? this.outputNames.map(() => [null]) : this.graph.outputs.map((t) => t.shape);
    const compiled = resolveCompile(args, this.outputNames, shapes, this.label);
    this.disposeCompiled();
    this.compiled = compiled;
  }

  /** The optimizer given to `compile`. */
  get optimizer(): Optimizer | undefined {
    return this.compiled?.optimizer;
  }

  /** The loss trackers and compiled metrics whose results `fit` and `evaluate` report. Override to report your own (custom `trainStep`). */
  get metrics(): Metric[] {
    if (this.compiled === null) return [];
    return [...this.compiled.lossTrackers, ...this.compiled.metrics.flat()];
  }

  /** The log name of each metric in `metrics` (compiled metrics of multi-output models carry the output's name). */
  get metricsNames(): string[] {
    const c = this.compiled;
    const display = new Map<Metric, string>();
    if (c !== null) c.metrics.forEach((list, o) => list.forEach((m, i) => display.set(m, c.metricNames[o]![i]!)));
    return this.metrics.map((m) => display.get(m) ?? m.name);
  }

  /**
   * Builds the model (and so its layers' weights) by running it once, in
   * inference mode, on the inputs `sample()` returns, unless it is built.
   */
  ensureBuilt(sample: () => Tensor[]): void {
    if (this.built) return;
    dl.tidy(() => {
      const xs = sample();
      this.applyAll(xs.length === 1 ? xs[0]! : xs, { training: false });
    });
  }

  /** Model inputs as the graph wants them. */
  protected inputList(x: TensorData): Tensor[] {
    return toList(x, this.inputNames, 'x', this.label);
  }

  /**
   * One training step on one batch, inside one `tidy`: forward pass, loss,
   * gradients of the trainable weights, optimizer update, constraints,
   * metric updates. Reads nothing from the device. Override it for custom
   * training (report your trackers through `metrics`).
   */
  trainStep(batch: Batch): void {
    const c = this.requireCompiled('trainStep');
    const ys = asList(batch.y ?? []);
    const weights = this.trainableWeights;
    const vars = weights.map((w) => w.value);
    dl.tidy(() => {
      let yPreds: Tensor[] = [];
      let perOutput: Scalar[] = [];
      const { value, grads } = dl.variableGrads(() => {
        yPreds = asList(this.applyAll(batch.x, { training: true }));
        const r = totalLoss(c, ys, yPreds, batch.sampleWeight, this.losses);
        perOutput = r.perOutput;
        for (const t of [...yPreds, ...perOutput]) dl.keep(t);
        return r.total;
      }, vars);
      c.optimizer.applyGradients(vars.map((v) => [grads[v.name], v] as const));
      for (const w of weights) if (w.constraint !== null) w.value.assign(w.constraint.call(w.value));
      this.updateMetrics(c, ys, yPreds, value, perOutput, batch);
      dl.dispose([...yPreds, ...perOutput]);
    });
  }

  /** One evaluation step: forward pass in inference mode, loss and metric updates. Override for custom evaluation. */
  testStep(batch: Batch): void {
    const c = this.requireCompiled('testStep');
    const ys = asList(batch.y ?? []);
    dl.tidy(() => {
      const yPreds = asList(this.applyAll(batch.x, { training: false }));
      const { total, perOutput } = totalLoss(c, ys, yPreds, batch.sampleWeight, this.losses);
      this.updateMetrics(c, ys, yPreds, total, perOutput, batch);
    });
  }

  /** One prediction step: the outputs in inference mode. */
  predictStep(batch: Batch): Tensor[] {
    return asList(this.applyAll(batch.x, { training: false }));
  }

  private updateMetrics(c: Compiled, ys: Tensor[], yPreds: Tensor[], total: Tensor, perOutput: Scalar[], batch: Batch): void {
    const first = asList(batch.x)[0]!;
    // The batch size weighs each batch's loss (Keras' loss tracker), as a number: no tensor, no count kernel.
    const n = first.shape[0] ?? 1;
    c.lossTrackers[0]!.updateState(total, n);
    perOutput.forEach((l, i) => c.lossTrackers[i + 1]?.updateState(l, n));
    c.metrics.forEach((list, o) => {
      for (const m of list) m.updateState(ys[o], yPreds[o], batch.sampleWeight);
    });
  }

  private requireCompiled(what: string): Compiled {
    if (this.compiled === null) {
      throw new ConfigError(`Cannot ${what} ${this.label}: it is not compiled. Call model.compile({ optimizer, loss }) first.`);
    }
    return this.compiled;
  }

  /** Resets every metric in `metrics`. */
  resetMetrics(): void {
    for (const m of this.metrics) m.resetState();
  }

  /** Copies of every metric's state variables (for an exact mid-epoch resume). */
  getMetricState(): Tensor[] {
    return this.metrics.flatMap((m) => m.weights.map((v) => dl.clone(v)));
  }

  /** Restores `getMetricState()`'s output. */
  setMetricState(state: Tensor[]): void {
    const vars = this.metrics.flatMap((m) => m.weights);
    if (state.length !== vars.length) {
      throw new ConfigError(`Invalid metric state for ${this.label}: expected ${vars.length} tensors, received ${state.length}.`);
    }
    vars.forEach((v, i) => v.assign(state[i]!));
  }

  /**
   * Trains the model, as Keras' `fit`: on tensors `x`, `y` (batched,
   * shuffled each epoch with `setSeed`'s stream) or on a dataset (an async
   * iterable of batches). Returns the `History`.
   *
   * @throws ConfigError before compile, for lengths that differ, or for NaN in the data (opt out with `checkNaN: false`).
   * @example
   * ```ts
   * const history = await model.fit(x, y, { epochs: 5, batchSize: 128, validationSplit: 0.2 });
   * history.history.val_loss;
   * ```
   */
  fit(x: TensorData | Dataset, y?: TensorData, args: FitArgs = {}): Promise<History> {
    return fit(this, x, y, args);
  }

  /** Loss and metrics on data, as a record (`{ loss, accuracy }`). @example `await model.evaluate(xTest, yTest)` */
  evaluate(x: TensorData | Dataset, y?: TensorData, args: EvaluateArgs = {}): Promise<Record<string, number>> {
    return evaluate(this, x, y, args);
  }

  /** The outputs for `x`, computed in batches (`batchSize`, default 32). @example `const probs = await model.predict(xTest) as Tensor` */
  predict(x: TensorData | Dataset, args: PredictArgs = {}): Promise<Tensor | Tensor[]> {
    return predict(this, x, args);
  }

  /** One training step on one batch; returns the metrics after it (one device read). */
  async trainOnBatch(x: TensorData, y: TensorData, sampleWeight?: Tensor): Promise<Record<string, number>> {
    this.resetMetrics();
    this.trainStep(this.batchOf(x, y, sampleWeight));
    return this.readMetrics();
  }

  /** Loss and metrics on one batch. */
  async testOnBatch(x: TensorData, y: TensorData, sampleWeight?: Tensor): Promise<Record<string, number>> {
    this.resetMetrics();
    this.testStep(this.batchOf(x, y, sampleWeight));
    return this.readMetrics();
  }

  /** The outputs for one batch. */
  predictOnBatch(x: TensorData): Tensor | Tensor[] {
    const outs = dl.tidy(() => this.predictStep(this.batchOf(x, undefined)));
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** A `Batch` from user data, lists ordered by the model's inputs and outputs. */
  batchOf(x: TensorData, y: TensorData | undefined, sampleWeight?: Tensor): Batch {
    const xs = this.inputList(x);
    const ys = y === undefined ? undefined : toList(y, this.outputNames, 'y', this.label);
    return {
      x: xs.length === 1 ? xs[0]! : xs,
      y: ys === undefined ? undefined : ys.length === 1 ? ys[0]! : ys,
      sampleWeight,
    };
  }

  /** Every metric's result, read at once: `{ loss: 0.31, accuracy: 0.9 }`. */
  async readMetrics(): Promise<Record<string, number>> {
    const metrics = this.metrics;
    const names = this.metricsNames;
    const results = dl.tidy(() => metrics.map((m) => m.result()));
    const values = await Promise.all(results.map((r) => r.data()));
    dl.dispose(results);
    const logs: Record<string, number> = {};
    values.forEach((v, i) => {
      if (v.length === 1) logs[names[i]!] = v[0]!;
    });
    return logs;
  }

  /**
   * Prints (or returns through `printFn`) Keras' summary table: each layer
   * with its output shape and parameter count, then the totals.
   *
   * @example
   * ```ts
   * model.summary();
   * ```
   */
  summary(options: SummaryOptions = {}): string {
    return summary(this, options);
  }

  /**
   * Saves the model (config, weights, compile arguments and optimizer state)
   * as one safetensors file. In Node, `path` is written atomically (temp
   * file, fsync, rename): a killed save leaves the previous file. Without a
   * path, returns the bytes (for IndexedDB, a download, or memory).
   *
   * @throws ConfigError when `overwrite` is false and the file exists.
   * @example
   * ```ts
   * await model.save('mnist.safetensors');
   * const again = await loadModelFile('mnist.safetensors');
   * ```
   */
  async save(path?: string, options: SaveOptions = {}): Promise<Uint8Array | undefined> {
    const bytes = await saveModel(this, options);
    if (path === undefined) return bytes;
    await writeFile(path, bytes, options.overwrite ?? true);
    return undefined;
  }

  /** Saves the weights only (safetensors), atomically in Node; without a path, returns the bytes. */
  async saveWeights(path?: string, options: { overwrite?: boolean } = {}): Promise<Uint8Array | undefined> {
    const bytes = await saveWeightsToBytes(this);
    if (path === undefined) return bytes;
    await writeFile(path, bytes, options.overwrite ?? true);
    return undefined;
  }

  /**
   * Loads weights saved by `save` or `saveWeights` (a path in Node, or the
   * bytes), strictly: missing or unexpected weights and shape mismatches are
   * errors naming the layer, the weight and both shapes, and a failed load
   * leaves the weights as they were.
   */
  async loadWeights(source: string | Uint8Array): Promise<void> {
    if (typeof source !== 'string') return loadWeightsFromBytes(this, source);
    const { readFile } = await import('node:fs/promises');
    await loadWeightsFromBytes(this, new Uint8Array(await readFile(source)), `"${source}"`);
  }

  override getConfig(): LayerConfig {
    if (this.graph === null) return super.getConfig();
    return { name: this.name, trainable: this.trainable, dtype: this.dtype, ...graphConfig(this.graph) };
  }

  /**
   * A functional model from `getConfig()`: layers are deserialized (never
   * running code from the config) and called again in the recorded order.
   * Layer classes come from `registry`, `registerLayer` and the built-in layers
   * (always known in Node; a browser bundle that calls this without
   * `modelFromJSON`, `loadModel` or `deserializeLayer` anywhere calls
   * `registerBuiltInLayers()` from @dl/layers once first).
   *
   * @throws ConfigError for unknown layer classes or dangling references.
   */
  static override fromConfig(config: LayerConfig, registry?: LayerRegistry): Model {
    return modelFromConfig(config, registry);
  }

  /** Frees the weights, the metrics' state, and the optimizer's state when compile made the optimizer (from a name). */
  override dispose(): void {
    this.disposeCompiled();
    super.dispose();
  }

  private disposeCompiled(): void {
    if (this.compiled === null) return;
    for (const m of this.metrics) m.dispose();
    if (this.compiled.ownsOptimizer) this.compiled.optimizer.dispose();
    this.compiled = null;
  }
}

async function writeFile(path: string, bytes: Uint8Array, overwrite: boolean): Promise<void> {
  if (!overwrite) {
    const { access } = await import('node:fs/promises');
    const exists = await access(path).then(() => true, () => false);
    if (exists) throw new ConfigError(`Cannot save to "${path}": the file exists and \`overwrite\` is false.`);
  }
  // Node only, and hidden from bundlers: a browser bundle of an app that uses Model then has
  // no lazy chunk of Node code sharing (and so loading) fflate and @dl/io with the app.
  const nodeIo = '@dl/io/node';
  const { writeFileAtomic } = await (import(/* webpackIgnore: true */ /* @vite-ignore */ nodeIo) as Promise<typeof import('@dl/io/node')>);
  await writeFileAtomic(path, bytes);
}

function modelFromConfig(config: LayerConfig, registry?: LayerRegistry): Model {
  const { inputs, outputs } = graphFromConfig(config, registry);
  return new Model({ inputs, outputs, name: config.name, trainable: config.trainable });
}
