import { Callback, type CallbackModel, type CallbackParams, type Logs } from './callback';

type HookName =
  | 'onTrainBegin' | 'onTrainEnd' | 'onEpochBegin' | 'onEpochEnd' | 'onTrainBatchBegin' | 'onTrainBatchEnd'
  | 'onTestBegin' | 'onTestEnd' | 'onTestBatchBegin' | 'onTestBatchEnd'
  | 'onPredictBegin' | 'onPredictEnd' | 'onPredictBatchBegin' | 'onPredictBatchEnd';

const base = Callback.prototype as unknown as Record<HookName, unknown>;

/** Whether `cb` overrides (or has as an own property) one of `hooks`. */
function overrides(cb: Callback, hooks: HookName[]): boolean {
  return hooks.some((h) => (cb as unknown as Record<HookName, unknown>)[h] !== base[h]);
}

function isPromise(x: unknown): x is Promise<void> {
  return x !== undefined && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * Options of a {@link CallbackList}.
 *
 * @example
 * ```ts
 * new CallbackList([new History()], { model, params: { epochs: 3, steps: 10 } });
 * ```
 */
export interface CallbackListOptions {
  /** The model, given to every callback with `setModel`. */
  model?: CallbackModel;
  /** The fit parameters, given to every callback with `setParams`. */
  params?: CallbackParams;
}

/**
 * Keras' `CallbackList`: dispatches each hook to every callback in order.
 *
 * A dispatch returns `undefined` when every callback's hook returned nothing,
 * and a promise only when one returned a promise (the rest then run after it,
 * in order), so a loop writes `const p = list.onTrainBatchEnd(b); if (p) await p;`
 * and pays no `await` for synchronous callbacks.
 *
 * `hasBatchHooks` tells the loop whether any callback overrides a batch hook
 * (otherwise it can skip per-batch calls); `wantsBatchLogs(batch)` whether any
 * callback needs this batch's logs (otherwise it reads nothing from the device
 * and passes `undefined`).
 *
 * Callbacks that restore state (BackupAndRestore, which sets
 * `restoresState`) run first in `onTrainBegin`, so the others see the
 * restored state, and last in `onEpochEnd` and `onTrainBatchEnd`, so a backup
 * holds the state every other callback reached at that point (a CSV row is
 * written before the backup that covers its epoch).
 *
 * @example
 * ```ts
 * const list = new CallbackList([new History(), new EarlyStopping({ monitor: 'loss' })], { model, params });
 * await list.onTrainBegin();
 * for (let epoch = 0; epoch < 10 && !model.stopTraining; epoch++) {
 *   await list.onEpochBegin(epoch);
 *   // ... batches ...
 *   await list.onEpochEnd(epoch, { loss });
 * }
 * await list.onTrainEnd();
 * ```
 */
export class CallbackList {
  /** The callbacks, in dispatch order. */
  readonly callbacks: readonly Callback[];
  /** Whether any callback overrides a batch hook (train, test or predict). */
  readonly hasBatchHooks: boolean;
  /** Whether any callback overrides a train batch hook. */
  readonly hasTrainBatchHooks: boolean;
  /** Whether any callback overrides a test batch hook. */
  readonly hasTestBatchHooks: boolean;
  /** Whether any callback overrides a predict batch hook. */
  readonly hasPredictBatchHooks: boolean;
  private readonly trainBeginOrder: readonly Callback[];
  private readonly saveLastOrder: readonly Callback[];

  /**
   * @param callbacks The callbacks, in order.
   * @param options The model and fit parameters to give them now.
   */
  constructor(callbacks: readonly Callback[] = [], options: CallbackListOptions = {}) {
    this.callbacks = [...callbacks];
    this.hasTrainBatchHooks = this.callbacks.some((cb) => overrides(cb, ['onTrainBatchBegin', 'onTrainBatchEnd']));
    this.hasTestBatchHooks = this.callbacks.some((cb) => overrides(cb, ['onTestBatchBegin', 'onTestBatchEnd']));
    this.hasPredictBatchHooks = this.callbacks.some((cb) => overrides(cb, ['onPredictBatchBegin', 'onPredictBatchEnd']));
    this.hasBatchHooks = this.hasTrainBatchHooks || this.hasTestBatchHooks || this.hasPredictBatchHooks;
    const first = (cb: Callback) => (cb as { restoresState?: boolean }).restoresState === true;
    this.trainBeginOrder = [...this.callbacks.filter(first), ...this.callbacks.filter((cb) => !first(cb))];
    this.saveLastOrder = [...this.callbacks.filter((cb) => !first(cb)), ...this.callbacks.filter(first)];
    for (const cb of this.callbacks) cb.setCallbacks(this.callbacks);
    if (options.model !== undefined) this.setModel(options.model);
    if (options.params !== undefined) this.setParams(options.params);
  }

  /** Gives every callback the model. */
  setModel(model: CallbackModel): void {
    for (const cb of this.callbacks) cb.setModel(model);
  }

  /** Gives every callback the fit parameters. */
  setParams(params: CallbackParams): void {
    for (const cb of this.callbacks) cb.setParams(params);
  }

  /** Whether any callback wants the logs of train batch `batch` (then the loop reads them from the device). */
  wantsBatchLogs(batch: number): boolean {
    let any = false;
    // Ask every callback (not just until the first yes): a throttled one may note the time.
    for (const cb of this.callbacks) if (cb.wantsBatchLogs(batch)) any = true;
    return any;
  }

  private dispatch(order: readonly Callback[], hook: HookName, args: unknown[]): void | Promise<void> {
    for (let i = 0; i < order.length; i++) {
      const fn = (order[i] as unknown as Record<HookName, (...a: unknown[]) => unknown>)[hook];
      const r = fn.apply(order[i], args);
      if (isPromise(r)) return this.finish(r, order, i + 1, hook, args);
    }
    return undefined;
  }

  private async finish(pending: Promise<void>, order: readonly Callback[], from: number, hook: HookName, args: unknown[]): Promise<void> {
    await pending;
    for (let i = from; i < order.length; i++) {
      const fn = (order[i] as unknown as Record<HookName, (...a: unknown[]) => unknown>)[hook];
      const r = fn.apply(order[i], args);
      if (isPromise(r)) await r;
    }
  }

  /** Dispatches `onTrainBegin` (state-restoring callbacks first). */
  onTrainBegin(logs?: Logs): void | Promise<void> { return this.dispatch(this.trainBeginOrder, 'onTrainBegin', [logs]); }
  /** Dispatches `onTrainEnd`. */
  onTrainEnd(logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onTrainEnd', [logs]); }
  /** Dispatches `onEpochBegin`. */
  onEpochBegin(epoch: number, logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onEpochBegin', [epoch, logs]); }
  /** Dispatches `onEpochEnd`; callbacks may add keys to `logs` (e.g. `learning_rate`) that later ones see. */
  onEpochEnd(epoch: number, logs?: Logs): void | Promise<void> { return this.dispatch(this.saveLastOrder, 'onEpochEnd', [epoch, logs]); }
  /** Dispatches `onTrainBatchBegin`. */
  onTrainBatchBegin(batch: number, logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onTrainBatchBegin', [batch, logs]); }
  /** Dispatches `onTrainBatchEnd`. */
  onTrainBatchEnd(batch: number, logs?: Logs): void | Promise<void> { return this.dispatch(this.saveLastOrder, 'onTrainBatchEnd', [batch, logs]); }
  /** Dispatches `onTestBegin`. */
  onTestBegin(logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onTestBegin', [logs]); }
  /** Dispatches `onTestEnd`. */
  onTestEnd(logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onTestEnd', [logs]); }
  /** Dispatches `onTestBatchBegin`. */
  onTestBatchBegin(batch: number, logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onTestBatchBegin', [batch, logs]); }
  /** Dispatches `onTestBatchEnd`. */
  onTestBatchEnd(batch: number, logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onTestBatchEnd', [batch, logs]); }
  /** Dispatches `onPredictBegin`. */
  onPredictBegin(logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onPredictBegin', [logs]); }
  /** Dispatches `onPredictEnd`. */
  onPredictEnd(logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onPredictEnd', [logs]); }
  /** Dispatches `onPredictBatchBegin`. */
  onPredictBatchBegin(batch: number, logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onPredictBatchBegin', [batch, logs]); }
  /** Dispatches `onPredictBatchEnd`. */
  onPredictBatchEnd(batch: number, logs?: Logs): void | Promise<void> { return this.dispatch(this.callbacks, 'onPredictBatchEnd', [batch, logs]); }
}
