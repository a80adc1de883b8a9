import { ConfigError, add, addN, describeValue, dispose, fill, keepShared, mean, mul, read, sum, tidy, variable, type Tensor, type Variable } from '@dl/tensor';
import { samplewise } from './utils';

/** The options every metric takes. */
export interface MetricArgs {
  /** The metric's name (defaults to Keras' snake_case name, e.g. `'binary_accuracy'`). */
  name?: string;
}

/** A metric's configuration: what `getConfig()` returns and a constructor accepts. */
export interface MetricConfig {
  name: string;
  [option: string]: unknown;
}

/** Options of {@link Metric.addWeight}. */
export interface AddWeightOptions {
  /** The state's shape; default `[]` (a scalar). */
  shape?: number[];
  /** The value it starts from and `resetState()` restores; default 0. */
  initialValue?: number;
}

let nextId = 0;

/** How many batch values {@link Metric.addSumLater} holds for one variable before it adds them up. */
const PENDING_SUMS_MAX = 32;

/** Batch values waiting to be added to one state variable: `Σ weight·sum(values)`. */
interface PendingSum {
  values: Tensor;
  weight: number;
}

/**
 * The base class of every metric (Keras' `keras.metrics.Metric`). State lives
 * in device variables made by `addWeight`; `updateState` adds a batch to them
 * with ops only (no device-to-host read), `result()` computes the value as a
 * tensor from the state, `readResult()` reads it asynchronously, and
 * `resetState()` starts over (at each epoch).
 *
 * @example
 * ```ts
 * class CountPositives extends Metric {
 *   static readonly className = 'CountPositives';
 *   private readonly count = this.addWeight('count');
 *   constructor(args: MetricArgs = {}) { super(args, 'count_positives'); }
 *   updateState(yTrue: Tensor) { tidy(() => this.count.assign(add(this.count, sum(cast(greater(yTrue, 0), 'float32'))))); }
 *   result() { return this.count.clone(); }
 * }
 * ```
 */
export abstract class Metric {
  /** The class name under which the metric is serialized; every subclass sets its own. */
  static readonly className: string = 'Metric';
  readonly name: string;
  private readonly variables: Array<{ variable: Variable; initialValue: number }> = [];
  private readonly pending = new Map<Variable, number>();
  private readonly pendingSums = new Map<Variable, PendingSum[]>();

  constructor(args: MetricArgs, defaultName: string) {
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '')) {
      throw new ConfigError(`Invalid \`name\` for metric ${defaultName}: expected a non-empty string, received ${describeValue(args.name)}.`);
    }
    this.name = args.name ?? defaultName;
  }

  /**
   * Creates a state variable (not trainable) on the device.
   *
   * @example
   * ```ts
   * this.truePositives = this.addWeight('true_positives', { shape: [numThresholds] });
   * ```
   */
  protected addWeight(name: string, options: AddWeightOptions = {}): Variable {
    const initialValue = options.initialValue ?? 0;
    const v = tidy(() => variable(fill(options.shape ?? [], initialValue), false, `${this.name}/${name}_${nextId++}`));
    this.variables.push({ variable: v, initialValue });
    return v;
  }

  /** The state variables, in creation order (with every pending `addLater` amount applied). */
  get weights(): Variable[] {
    this.flushPending();
    return this.variables.map((s) => s.variable);
  }

  /**
   * Adds `amount` to the state variable `v` later, on the host: amounts known
   * without reading the device (a batch's sample count) add up in a number
   * and reach `v` in one kernel call when the state is read, instead of one
   * per batch. `result()` implementations call {@link flushPending} first.
   */
  protected addLater(v: Variable, amount: number): void {
    if (amount !== 0) this.pending.set(v, (this.pending.get(v) ?? 0) + amount);
  }

  /**
   * Adds `weight · sum(values)` to the state variable `v` later: the batch's
   * values are held (sharing their data, no copy) and added up together,
   * with one kernel per distinct shape and weight, when the state is read or
   * {@link PENDING_SUMS_MAX} batches wait, instead of a sum and an add per
   * batch. The caller may dispose `values`. `result()` implementations call
   * {@link flushPending} first.
   */
  protected addSumLater(v: Variable, values: Tensor, weight = 1): void {
    let list = this.pendingSums.get(v);
    if (list === undefined) this.pendingSums.set(v, (list = []));
    list.push({ values: keepShared(values), weight });
    if (list.length >= PENDING_SUMS_MAX) this.flushPending();
  }

  /**
   * Adds per-sample values (axes past the first averaged) and their weights
   * to a running weighted mean's `total` and `count`, with no kernel per
   * batch for either: the sums through {@link addSumLater}, the count of
   * unweighted (or number-weighted) samples through {@link addLater}. What
   * `Mean`, `MeanMetricWrapper` and `RootMeanSquaredError` do per batch.
   * Call inside tidy.
   *
   * @param sampleWeight A weight per sample (broadcastable to `values`), or one number for every sample.
   * @throws ShapeError when the weights do not fit the values.
   */
  protected addToMean(total: Variable, count: Variable, values: Tensor, sampleWeight: Tensor | number | undefined): void {
    const reduceMean = (x: Tensor, axes: number[]) => mean(x, axes);
    if (typeof sampleWeight === 'number') {
      const { values: v } = samplewise(values, undefined, reduceMean, this.className);
      this.addSumLater(total, v, sampleWeight);
      this.addLater(count, sampleWeight * (v.rank >= 1 ? v.shape[0]! : 1));
      return;
    }
    const { values: v, weight } = samplewise(values, sampleWeight, reduceMean, this.className);
    this.addSumLater(total, v);
    if (weight === undefined) this.addLater(count, v.rank >= 1 ? v.shape[0]! : 1);
    else this.addSumLater(count, weight);
  }

  /** Applies the amounts `addLater` and `addSumLater` hold to their variables. */
  protected flushPending(): void {
    if (this.pending.size === 0 && this.pendingSums.size === 0) return;
    tidy(() => {
      const vars = new Set([...this.pending.keys(), ...this.pendingSums.keys()]);
      for (const v of vars) {
        const terms: Tensor[] = this.pendingSums.has(v) ? sumGroups(this.pendingSums.get(v)!) : [];
        const amount = this.pending.get(v) ?? 0;
        const sums = terms.length === 0 ? null : terms.length === 1 ? terms[0]! : addN(terms);
        const delta = sums === null ? amount : amount === 0 ? sums : add(sums, amount);
        v.assign(add(v, delta));
      }
    });
    this.pending.clear();
    this.dropPendingSums();
  }

  private dropPendingSums(): void {
    for (const list of this.pendingSums.values()) dispose(list.map((p) => p.values));
    this.pendingSums.clear();
  }

  /**
   * Adds a batch to the state. Runs ops only: it never reads the device.
   *
   * @param inputs `(yTrue, yPred, sampleWeight?)` for most metrics; `(values, sampleWeight?)` for `Mean` and `Sum`.
   * @throws ShapeError when the inputs' shapes do not fit (checked from shapes).
   */
  abstract updateState(...inputs: Array<Tensor | undefined>): void;

  /** The metric's value computed from the state, as a tensor (the caller disposes it). */
  abstract result(): Tensor;

  /** Puts every state variable back to its initial value. */
  resetState(): void {
    this.pending.clear();
    this.dropPendingSums();
    tidy(() => {
      for (const { variable: v, initialValue } of this.variables) v.assign(fill(v.shape, initialValue));
    });
  }

  /**
   * Reads the result: a number, or an array for per-threshold or per-class results.
   *
   * @throws ConfigError when a checked-on-read condition failed (e.g. sparse labels out of range).
   */
  async readResult(): Promise<number | number[]> {
    await this.validate();
    const r = this.result();
    try {
      const values = Array.from(await read(r), Number);
      return r.rank === 0 ? values[0]! : values;
    } finally {
      r.dispose();
    }
  }

  /** Checks made when the result is read (never in `updateState`); subclasses override it. */
  protected async validate(): Promise<void> {}

  /** The class name this metric serializes under. */
  get className(): string {
    return (this.constructor as typeof Metric).className;
  }

  /** The metric's configuration: `new (cls)(metric.getConfig())` rebuilds it. */
  getConfig(): MetricConfig {
    return { name: this.name };
  }

  /** Frees the state variables. */
  dispose(): void {
    this.pending.clear();
    this.dropPendingSums();
    dispose(this.variables.map((s) => s.variable));
    this.variables.length = 0;
  }
}

/**
 * `Σ weight·sum(values)` over held batch values as scalars, one per group of
 * equal shape and weight (a fit's batches differ only in the last): the group's
 * values added elementwise in one kernel, then summed and weighted.
 */
function sumGroups(list: PendingSum[]): Tensor[] {
  const groups = new Map<string, PendingSum[]>();
  for (const p of list) {
    const key = `${p.values.shape.join(',')}|${p.weight}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [p]);
    else group.push(p);
  }
  return [...groups.values()].map((group) => {
    const { weight } = group[0]!;
    const added = group.length === 1 ? group[0]!.values : addN(group.map((p) => p.values));
    const s = added.rank === 0 ? added : sum(added);
    return weight === 1 ? s : mul(s, weight);
  });
}
