import {
  ConfigError, FormatError, ShapeError, add, describeValue, div, dispose, fill, mul, scalar, sub, tidy, variable,
  variableGrads, zerosLike, type NamedTensorMap, type Scalar, type Tensor, type Variable,
} from '@dl/tensor';
import { clipByGlobalNorm, clipByNorm, clipByValue } from './clipping';
import { checkInteger, checkLearningRate } from './checks';
import { checkNumber, type LearningRateSchedule, type ConfigValue } from './schedules/learning-rate-schedule';
import { deserializeRegisteredSchedule, serializeSchedule } from './schedules/registry';
import { runFusedForEach } from './fused-update';
import type { OptimizerArgs, OptimizerConfig, OptimizerState } from './optimizer-types';

export type { OptimizerArgs, OptimizerConfig, OptimizerState } from './optimizer-types';

interface Slot {
  readonly key: string;
  readonly variable: Variable;
}

let uid = 0;

/**
 * The base class of every optimizer: Keras 3's `BaseOptimizer` with the
 * machinery shared by all of them, implemented once: the learning rate (a
 * number or a schedule, publicly settable), the iteration count, gradient
 * clipping, decoupled weight decay, an EMA of the weights, gradient
 * accumulation, config and state. A subclass implements only `build`
 * (creating its slot variables with `addVariables`) and `updateStep`.
 *
 * Each `apply` runs in one `tidy` and reads nothing back from the device; the
 * hyperparameters of a step are computed on the host and uploaded as scalars.
 *
 * @example
 * ```ts
 * const opt = new Adam({ learningRate: 0.01, clipnorm: 1 });
 * opt.apply(grads, [w, b]); // builds on the first call
 * ```
 */
export abstract class Optimizer {
  /** The name the optimizer is registered and serialized under; every subclass sets its own. */
  static readonly className: string = 'Optimizer';

  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  readonly useEma: boolean;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  readonly gradientAccumulationSteps: number | null;

  private lr: number | LearningRateSchedule;
  private steps = 0;
  private isBuilt = false;
  private trainable: Variable[] = [];
  private readonly indices = new Map<Variable, number>();
  private readonly slots: Slot[] = [];
  private averages: Variable[] = [];
  private gradientAccumulators: Variable[] = [];
  private readonly excludedVariables = new Set<Variable>();
  private excludedNames: string[] = [];
  private constants: Map<number, Scalar> | null = null;
  private readonly uid = uid++;

  constructor(args: OptimizerArgs, defaultLearningRate: number) {
    const cls = (this.constructor as typeof Optimizer).className;
    this.name = args.name ?? cls.toLowerCase();
    this.lr = checkLearningRate(args.learningRate ?? defaultLearningRate, cls);
    const opt = (arg: keyof OptimizerArgs, rule: 'positive' | 'nonnegative') => {
      const v = args[arg];
      return v === undefined || v === null ? null : checkNumber(cls, arg, v, rule);
    };
    this.weightDecay = opt('weightDecay', 'nonnegative');
    this.clipnorm = opt('clipnorm', 'positive');
    this.clipvalue = opt('clipvalue', 'positive');
    this.globalClipnorm = opt('globalClipnorm', 'positive');
    const clips = (['clipnorm', 'clipvalue', 'globalClipnorm'] as const).filter((k) => this[k] !== null);
    if (clips.length > 1) {
      throw new ConfigError(
        `Invalid clipping for ${cls}: expected at most one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\`, received ${clips.map((k) => `${k}=${this[k]}`).join(', ')}.`,
      );
    }
    this.useEma = args.useEma ?? false;
    this.emaMomentum = checkNumber(cls, 'emaMomentum', args.emaMomentum ?? 0.99, 'nonnegative');
    if (this.emaMomentum > 1) {
      throw new ConfigError(`Invalid \`emaMomentum\` for ${cls}: expected a number in [0, 1], received ${this.emaMomentum}.`);
    }
    this.emaOverwriteFrequency = checkInteger(cls, 'emaOverwriteFrequency', args.emaOverwriteFrequency, 1);
    this.gradientAccumulationSteps = checkInteger(cls, 'gradientAccumulationSteps', args.gradientAccumulationSteps, 2);
  }

  /** The learning rate of the next step: the number, or the schedule at the current step. */
  get learningRate(): number {
    return typeof this.lr === 'number' ? this.lr : this.lr.call(this.steps);
  }

  /**
   * Sets the learning rate (callbacks such as ReduceLROnPlateau do), to a
   * number or a new schedule.
   *
   * @throws ConfigError when the value is negative or not finite, or a number
   * replaces a schedule (Keras forbids it: set a new schedule instead). The
   * learning rate is unchanged then.
   */
  set learningRate(value: number | LearningRateSchedule) {
    const cls = (this.constructor as typeof Optimizer).className;
    const checked = checkLearningRate(value, cls);
    if (typeof checked === 'number' && typeof this.lr !== 'number') {
      throw new ConfigError(
        `Invalid \`learningRate\` for ${cls}: the optimizer has a schedule, so a number cannot replace it, received ${checked}. Set a new LearningRateSchedule, or create the optimizer with a number.`,
      );
    }
    this.lr = checked;
  }

  /** The schedule, or null when the learning rate is a number. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return typeof this.lr === 'number' ? null : this.lr;
  }

  /**
   * Updates applied so far (Keras' `iterations`): the number of `apply` calls,
   * divided by `gradientAccumulationSteps` (rounded down) when accumulating.
   */
  get iterations(): number {
    const n = this.gradientAccumulationSteps;
    return n === null ? this.steps : Math.floor(this.steps / n);
  }

  /** Whether `build` has run. */
  get built(): boolean {
    return this.isBuilt;
  }

  /** Every variable the optimizer owns (slots, EMA averages, accumulators), in Keras' order. */
  get variables(): Variable[] {
    return this.slots.map((s) => s.variable);
  }

  /**
   * Creates the optimizer's variables for `variables` (the model's trainable
   * weights, in a fixed order). `apply` calls it on first use. A subclass
   * calls `super.build(variables)` first, then creates its slots with
   * `addVariables`.
   */
  build(variables: readonly Variable[]): void {
    if (this.isBuilt) return;
    this.trainable = [...variables];
    this.trainable.forEach((v, i) => this.indices.set(v, i));
    this.averages = this.useEma ? this.addVariables(variables, 'average') : [];
    this.gradientAccumulators = this.gradientAccumulationSteps !== null ? this.addVariables(variables, 'gradient_accumulator') : [];
    this.isBuilt = true;
  }

  /**
   * Creates one slot variable per model variable, of the same shape and
   * dtype, filled with `initialValue`, and names them `slot/i` in the state.
   */
  protected addVariables(variables: readonly Variable[], slot: string, initialValue = 0): Variable[] {
    return variables.map((v, i) => {
      const name = `${this.name}_${this.uid}/${slot}/${i}/${v.name}`;
      const created = tidy(() => variable(fill(v.shape, initialValue, v.dtype), false, name, v.dtype));
      this.slots.push({ key: `${slot}/${i}`, variable: created });
      return created;
    });
  }

  /**
   * Excludes variables from weight decay: those in `variables`, and those
   * whose name contains one of `names` (such as `'bias'`). Call it before the
   * optimizer is built.
   *
   * @throws ConfigError when the optimizer is already built.
   */
  excludeFromWeightDecay(options: { variables?: readonly Variable[]; names?: readonly string[] }): void {
    if (this.isBuilt) {
      throw new ConfigError(`Invalid call to excludeFromWeightDecay on ${this.name}: expected an optimizer not yet built, received a built one. Call it before the first apply().`);
    }
    for (const v of options.variables ?? []) this.excludedVariables.add(v);
    this.excludedNames = [...this.excludedNames, ...(options.names ?? [])];
  }

  /** A scalar for the current step, uploaded once per value and step (not a kernel). */
  protected constant(value: number): Scalar {
    let cache = this.constants;
    if (cache === null) {
      cache = new Map();
      this.constants = cache;
    }
    let s = cache.get(value);
    if (s === undefined) {
      s = scalar(value);
      cache.set(value, s);
    }
    return s;
  }

  /**
   * Updates one variable and its slots from its (clipped) gradient. Runs
   * inside the step's tidy; write with `assign` only.
   *
   * @param index The variable's position in the list the optimizer was built with.
   * @param learningRate This step's learning rate.
   */
  protected abstract updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void;

  /**
   * Runs the update of every variable: clipping, weight decay, then
   * `updateStep` per variable. Nadam overrides it to add per-step work.
   */
  protected updateAll(grads: Tensor[], variables: Variable[], learningRate: number): void {
    const clipped = this.clipGradients(grads);
    if (this.weightDecay !== null && this.weightDecay > 0) {
      const decay = this.constant(this.weightDecay * learningRate);
      for (const v of variables) if (this.usesWeightDecay(v)) v.assign(sub(v, mul(v, decay)));
    }
    if (!this.updateSteps(clipped, variables, learningRate)) {
      variables.forEach((v, i) => this.updateStep(clipped[i]!, v, this.indices.get(v)!, learningRate));
    }
  }

  /**
   * Updates every variable of the step at once, where the subclass has a
   * fused kernel for that on the current backend (one kernel call for the
   * whole step instead of one per variable); returns false (the default) to
   * have `updateStep` called for each variable. Runs after clipping and
   * weight decay, inside the step's tidy.
   */
  protected updateSteps(_grads: Tensor[], _variables: Variable[], _learningRate: number): boolean {
    return false;
  }

  /**
   * Runs the fused kernel `name` on every variable of the step in one call
   * (for `updateSteps`): `inputs(gradient, variable, index)` names one
   * variable's inputs as the kernel's contract does (undefined entries are
   * left out); they are passed suffixed by the variable's position, with the
   * `count` attr (see @dl/tensor's `runFusedKernel`). Then `assign(outputs,
   * variable, index)` stores each variable's outputs. Returns false, having
   * run nothing, when the backend has no such kernel.
   */
  protected runFusedForAll(
    name: string, grads: Tensor[], variables: Variable[],
    inputs: (gradient: Tensor, variable: Variable, index: number) => Record<string, Tensor | undefined>,
    attrs: Record<string, number | boolean | string>,
    assign: (outputs: Tensor[], variable: Variable, index: number) => void,
  ): boolean {
    const index = (v: Variable) => this.indices.get(v)!;
    const out = runFusedForEach(name, variables.map((v, k) => inputs(grads[k]!, v, index(v))), attrs);
    if (out === null) return false;
    variables.forEach((v, k) => assign(out[k]!, v, index(v)));
    return true;
  }

  private clipGradients(grads: Tensor[]): Tensor[] {
    if (this.clipnorm !== null) return grads.map((g) => clipByNorm(g, this.constant(this.clipnorm!)));
    if (this.globalClipnorm !== null) return clipByGlobalNorm(grads, this.globalClipnorm, (x) => this.constant(x));
    if (this.clipvalue !== null) return grads.map((g) => clipByValue(g, this.clipvalue!));
    return grads;
  }

  private usesWeightDecay(v: Variable): boolean {
    return !this.excludedVariables.has(v) && !this.excludedNames.some((n) => v.name.includes(n));
  }

  /**
   * Applies one step of gradients: Keras' `apply(grads, trainable_variables)`.
   * `grads[i]` is the gradient of `variables[i]`; a null or undefined gradient
   * skips its variable. Without `variables`, the gradients follow the
   * variables the optimizer was built with. The first call builds the
   * optimizer.
   *
   * @throws ConfigError when the lists differ in length, no gradient is given,
   * a variable is not one the optimizer was built with, or the schedule gives
   * an invalid learning rate.
   * @throws ShapeError when a gradient's shape differs from its variable's.
   * Nothing changes when it throws.
   */
  apply(grads: ReadonlyArray<Tensor | null | undefined>, variables?: readonly Variable[]): void {
    const cls = (this.constructor as typeof Optimizer).className;
    if (variables === undefined && !this.isBuilt) {
      throw new ConfigError(`Invalid call to ${cls}.apply: expected \`variables\` or a built optimizer, received gradients only. Pass the variables, or call build(variables) first.`);
    }
    const vars = variables ?? this.trainable;
    if (grads.length !== vars.length) {
      throw new ConfigError(`Invalid \`grads\` for ${cls}.apply: expected one gradient per variable (${vars.length}), received ${grads.length}.`);
    }
    const gs: Tensor[] = [];
    const vs: Variable[] = [];
    grads.forEach((g, i) => {
      const v = vars[i]!;
      if (this.isBuilt && !this.indices.has(v)) {
        throw new ConfigError(`Unknown variable "${v.name}" for ${cls}.apply: expected one of the ${this.trainable.length} variables the optimizer was built with. Create a new optimizer for new variables.`);
      }
      if (g === null || g === undefined) return;
      if (g.shape.length !== v.shape.length || g.shape.some((d, k) => d !== v.shape[k])) {
        throw new ShapeError(`Invalid gradient for variable "${v.name}" in ${cls}.apply: expected shape [${v.shape.join(',')}], received [${g.shape.join(',')}].`);
      }
      gs.push(g);
      vs.push(v);
    });
    if (gs.length === 0) throw new ConfigError(`Invalid \`grads\` for ${cls}.apply: expected at least one gradient, received none (all null).`);
    const lr = checkLearningRate(this.learningRate, cls, 'the schedule\'s learning rate') as number;
    if (!this.isBuilt) this.build(vars);
    try {
      tidy(() => this.step(gs, vs, lr));
    } finally {
      this.constants = null;
    }
    this.steps++;
  }

  /**
   * Keras' `apply_gradients`: applies `[gradient, variable]` pairs.
   *
   * @throws as `apply`.
   */
  applyGradients(gradsAndVariables: ReadonlyArray<readonly [Tensor | null | undefined, Variable]>): void {
    this.apply(gradsAndVariables.map(([g]) => g), gradsAndVariables.map(([, v]) => v));
  }

  /**
   * Computes the gradients of `loss` with respect to `variables` (default:
   * every trainable variable) and applies them. Returns the loss; the caller
   * disposes it.
   */
  minimize(loss: () => Scalar, variables?: readonly Variable[]): Scalar {
    if (variables === undefined && !this.isBuilt) {
      throw new ConfigError('Invalid call to minimize: expected `variables` or a built optimizer, received neither.');
    }
    const vars = [...(variables ?? this.trainable)];
    const { value, grads } = variableGrads(loss, vars);
    try {
      this.apply(vars.map((v) => grads[v.name]), vars);
    } finally {
      dispose(Object.values(grads));
    }
    return value;
  }

  private step(grads: Tensor[], variables: Variable[], lr: number): void {
    const n = this.gradientAccumulationSteps;
    if (n === null) {
      this.updateAll(grads, variables, lr);
    } else {
      const accs = variables.map((v) => this.gradientAccumulators[this.indices.get(v)!]!);
      if ((this.steps + 1) % n === 0) {
        const scale = this.constant(n);
        const means = grads.map((g, i) => div(add(g, accs[i]!), scale));
        this.updateAll(means, variables, lr);
        for (const a of this.gradientAccumulators) a.assign(zerosLike(a));
      } else {
        accs.forEach((a, i) => a.assign(add(grads[i]!, a)));
      }
    }
    if (this.useEma) {
      const it = this.iterations;
      const m = it === 0 ? 0 : this.emaMomentum;
      const keep = this.constant(m);
      const take = this.constant(1 - m);
      this.trainable.forEach((v, i) => {
        const avg = this.averages[i]!;
        avg.assign(add(mul(avg, keep), mul(v, take)));
      });
      const f = this.emaOverwriteFrequency;
      if (f !== null && (it + 1) % f === 0) this.trainable.forEach((v, i) => v.assign(this.averages[i]!));
    }
  }

  /**
   * Keras' `finalize_variable_values`: with `useEma`, overwrites the model's
   * variables with their moving averages (`fit` calls it after the last epoch).
   */
  finalizeVariableValues(): void {
    if (!this.useEma || !this.isBuilt) return;
    this.trainable.forEach((v, i) => v.assign(this.averages[i]!));
  }

  /**
   * With `useEma`, swaps the model's variables with their moving averages;
   * calling it again swaps them back (to evaluate with the averaged weights).
   */
  swapEmaWeights(): void {
    if (!this.useEma || !this.isBuilt) return;
    tidy(() => this.trainable.forEach((v, i) => {
      const avg = this.averages[i]!;
      const current = v.clone();
      v.assign(avg);
      avg.assign(current);
    }));
  }

  /** The arguments as JSON, for `fromConfig` (no state: see `getState`). */
  getConfig(): OptimizerConfig {
    return {
      name: this.name,
      learningRate: typeof this.lr === 'number' ? this.lr : (serializeSchedule(this.lr) as unknown as ConfigValue),
      weightDecay: this.weightDecay,
      clipnorm: this.clipnorm,
      clipvalue: this.clipvalue,
      globalClipnorm: this.globalClipnorm,
      useEma: this.useEma,
      emaMomentum: this.emaMomentum,
      emaOverwriteFrequency: this.emaOverwriteFrequency,
      gradientAccumulationSteps: this.gradientAccumulationSteps,
    };
  }

  /**
   * Creates an optimizer of this class from `getConfig()`'s output; a
   * serialized schedule is rebuilt from the schedule registry (the built-in
   * schedules are known in Node, and in a browser bundle once something links
   * them: `deserializeSchedule`, `registerBuiltInSchedules()`, @dl/models'
   * `loadModel`).
   *
   * @throws ConfigError or FormatError when the config is invalid.
   */
  static fromConfig<T extends Optimizer>(this: new (args: never) => T, config: OptimizerConfig): T {
    const args: Record<string, unknown> = { ...config };
    const lr = args['learningRate'];
    if (lr !== null && typeof lr === 'object') args['learningRate'] = deserializeRegisteredSchedule(lr);
    return new this(args as never);
  }

  /**
   * The state a resumed run needs: the iteration count, the learning rate when
   * it is a number, and a copy of every slot variable. The tensors are the
   * caller's to dispose.
   */
  getState(): OptimizerState {
    const variables: NamedTensorMap = {};
    for (const s of this.slots) variables[s.key] = s.variable.clone();
    const state: OptimizerState = { iterations: this.steps, variables };
    if (typeof this.lr === 'number') state.learningRate = this.lr;
    return state;
  }

  /**
   * Restores `getState()`'s output. The optimizer must be built on variables
   * of the same shapes, in the same order (call `build(variables)` first).
   * Everything is checked before anything changes.
   *
   * @throws ConfigError when the optimizer is not built or the iteration
   * count or learning rate is invalid.
   * @throws FormatError when a slot is missing, unexpected or of another dtype.
   * @throws ShapeError when a slot's shape differs.
   */
  setState(state: OptimizerState): void {
    const cls = (this.constructor as typeof Optimizer).className;
    if (!this.isBuilt) {
      throw new ConfigError(`Invalid call to ${cls}.setState: expected a built optimizer, received one not built. Call build(variables) first.`);
    }
    const it = state.iterations;
    if (!Number.isInteger(it) || it < 0) {
      throw new ConfigError(`Invalid \`iterations\` in the state for ${cls}: expected an integer >= 0, received ${describeValue(it)}.`);
    }
    const lr = state.learningRate === undefined ? undefined : checkLearningRate(state.learningRate, cls);
    const given = state.variables ?? {};
    const expected = new Set(this.slots.map((s) => s.key));
    const extra = Object.keys(given).filter((k) => !expected.has(k));
    const missing = [...expected].filter((k) => !(k in given));
    if (extra.length > 0 || missing.length > 0) {
      throw new FormatError(
        `Invalid state for ${cls}: expected the variables ${describeValue([...expected])}, received ${describeValue(Object.keys(given))}${missing.length ? ` (missing ${missing.join(', ')})` : ''}${extra.length ? ` (unexpected ${extra.join(', ')})` : ''}.`,
      );
    }
    for (const { key, variable: v } of this.slots) {
      const t = given[key]!;
      if (t.shape.length !== v.shape.length || t.shape.some((d, k) => d !== v.shape[k])) {
        throw new ShapeError(`Invalid state variable "${key}" for ${cls}: expected shape [${v.shape.join(',')}], received [${t.shape.join(',')}].`);
      }
      if (t.dtype !== v.dtype) {
        throw new FormatError(`Invalid state variable "${key}" for ${cls}: expected dtype ${v.dtype}, received ${t.dtype}.`);
      }
    }
    for (const { key, variable: v } of this.slots) v.assign(given[key]!);
    this.steps = it;
    if (lr !== undefined && typeof this.lr === 'number') this.lr = lr;
  }

  /** Disposes the optimizer's variables. */
  dispose(): void {
    dispose(this.slots.map((s) => s.variable));
  }
}
