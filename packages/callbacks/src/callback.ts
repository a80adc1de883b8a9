import type { RandomState, Tensor } from '@dl/tensor';

/**
 * The values a hook receives: Keras' names (`loss`, metric names, `val_`
 * prefixes for validation, `learning_rate`), each a plain number read from
 * the device.
 *
 * @example
 * ```ts
 * const logs: Logs = { loss: 0.25, accuracy: 0.9, val_loss: 0.3 };
 * ```
 */
export type Logs = Record<string, number>;

/**
 * A JSON value: what a callback's `getState()` returns, so that a backup can
 * store it as text.
 *
 * @example
 * ```ts
 * const state: JsonValue = { best: 0.25, wait: 2 };
 * ```
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * An optimizer's resumable state, structurally the same as `OptimizerState` of
 * `@dl/optimizers` (this package does not depend on it): the iteration count,
 * the learning rate when it is a number, and named slot tensors.
 *
 * @example
 * ```ts
 * const state: OptimizerStateLike = { iterations: 10, learningRate: 0.001, variables: {} };
 * ```
 */
export interface OptimizerStateLike {
  /** How many updates the optimizer has applied. */
  iterations: number;
  /** The learning rate when it is a number (absent when it is a schedule). */
  learningRate?: number;
  /** The slot variables (moments, accumulators) by name; the receiver of `getState()` disposes them. */
  variables: Record<string, Tensor>;
}

/**
 * The optimizer as callbacks see it: a settable learning rate and, for exact
 * resumes, `getState` / `setState` (as `@dl/optimizers` provides).
 *
 * @example
 * ```ts
 * model.optimizer!.learningRate = model.optimizer!.learningRate * 0.1;
 * ```
 */
export interface CallbackOptimizer {
  /** The current learning rate; setting it changes the next updates. */
  learningRate: number;
  /** A copy of the optimizer's state (new tensors the caller disposes). */
  getState?(): OptimizerStateLike;
  /** Restores a state from `getState()`; the optimizer must already be built. */
  setState?(state: OptimizerStateLike): void;
}

/**
 * Where a resumed run starts: epoch `epoch` has already completed `batch`
 * batches (0: the epoch starts from its first batch).
 *
 * @example
 * ```ts
 * const from: ResumePoint = { epoch: 2, batch: 6 };
 * ```
 */
export interface ResumePoint {
  /** The 0-based epoch to start at. */
  epoch: number;
  /** How many batches of that epoch to skip (they ran before the interruption). */
  batch: number;
}

/**
 * The random stream states a mid-epoch resume needs: the stream as of the
 * epoch's begin (before the shuffle draw) and as of the backup point.
 *
 * @example
 * ```ts
 * // what the training loop does around the epoch's shuffle draw
 * if (rs) setRandomState(rs.epochBegin);
 * const order = shuffle(indices);
 * if (rs) { setRandomState(rs.current); model.resumeRandomState = undefined; }
 * ```
 */
export interface ResumeRandomState {
  /** The stream as BackupAndRestore saw it in `onEpochBegin` of the resumed epoch. */
  epochBegin: RandomState;
  /** The stream right after the last batch that ran before the backup. */
  current: RandomState;
}

/**
 * The model as callbacks see it: a small structural interface, so that
 * `@dl/callbacks` does not depend on `@dl/models`. Every `@dl/models` model
 * implements it; a custom training loop can too.
 *
 * The training loop's side of the contract (what `@dl/models`' `fit` does):
 * - it calls `setModel`, `setParams`, then builds the optimizer (so that
 *   `optimizer.setState` can restore slots), then awaits `onTrainBegin`;
 * - after `onTrainBegin` it reads `resumeFrom` (and clears it): it starts at
 *   `resumeFrom.epoch` and skips the first `resumeFrom.batch` batches of that
 *   epoch without running them and without drawing randomness for them;
 * - at each epoch begin it awaits `onEpochBegin`, then draws the epoch's
 *   shuffle order from `@dl/tensor`'s stream; when `resumeRandomState` is set it
 *   calls `setRandomState(resumeRandomState.epochBegin)` right before that
 *   draw and `setRandomState(resumeRandomState.current)` right after it, then
 *   clears the field;
 * - it resets its metrics at each epoch begin, except in a resumed epoch
 *   whose `resumeFrom.batch` is above 0 (`setMetricState` restored them).
 *
 * @example
 * ```ts
 * const model: CallbackModel = {
 *   stopTraining: false,
 *   getWeights: () => [w.clone()],
 *   setWeights: ([t]) => w.assign(t!),
 * };
 * ```
 */
export interface CallbackModel {
  /** Set by a callback (EarlyStopping, TerminateOnNaN) to end training after the current batch or epoch. */
  stopTraining: boolean;
  /** Copies of the weights, in a fixed order (new tensors the caller disposes). */
  getWeights(): Tensor[];
  /** Copies `weights` into the model's weights (same order, shapes and dtypes as `getWeights()`). */
  setWeights(weights: Tensor[]): void;
  /** The optimizer, when the model is compiled. */
  optimizer?: CallbackOptimizer;
  /** Saves the whole model to `path` (ModelCheckpoint). */
  save?(path: string, options?: { overwrite?: boolean }): Promise<void>;
  /** Saves the weights only to `path` (ModelCheckpoint with `saveWeightsOnly`). */
  saveWeights?(path: string): Promise<void>;
  /** Copies of the metrics' running state (new tensors), so a mid-epoch resume gives exact epoch logs. */
  getMetricState?(): Tensor[];
  /** Restores `getMetricState()`'s output. */
  setMetricState?(state: Tensor[]): void;
  /** Set by BackupAndRestore in `onTrainBegin`: where the loop resumes. */
  resumeFrom?: ResumePoint | undefined;
  /** Set by BackupAndRestore in `onTrainBegin` for a mid-epoch resume: see {@link ResumeRandomState}. */
  resumeRandomState?: ResumeRandomState | undefined;
}

/**
 * The parameters of a `fit` call, given to callbacks by `setParams` (Keras'
 * `callback.params`).
 *
 * @example
 * ```ts
 * cb.setParams({ epochs: 10, steps: 32, verbose: 1, metrics: ['loss', 'val_loss'] });
 * ```
 */
export interface CallbackParams {
  /** The number of epochs of the run. */
  epochs: number;
  /** Batches per epoch, or `null` when unknown (a dataset of unknown length). */
  steps: number | null;
  /** 0 silent, 1 progress bar, 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /**
   * Every key the epoch logs will hold (`loss`, metric names, `val_` ones).
   * When given, ModelCheckpoint checks its file name template against it
   * before training starts.
   */
  metrics?: string[];
  /** Any other parameter the loop passes (batchSize, samples, ...). */
  [key: string]: unknown;
}

/**
 * The base class of every callback: Keras' `Callback`, with every hook
 * (train, epoch, train batch, test, test batch, predict, predict batch; begin
 * and end). Each hook may be `async`; a hook that returns nothing costs the
 * training loop no `await`.
 *
 * Batch logs are not read from the device unless a callback asks for them:
 * override `wantsBatchLogs(batch)` to return `true` for the batches whose
 * `logs` you need; other batch hooks get `undefined`. Epoch-end logs are
 * always complete.
 *
 * A callback with state that a resumed run needs (best value, patience
 * counter) implements `getState()` / `setState()`; BackupAndRestore stores it
 * by the callback's `name` and restores it before the other callbacks'
 * `onTrainBegin` runs.
 *
 * @example
 * ```ts
 * class PrintLoss extends Callback {
 *   override onEpochEnd(epoch: number, logs?: Logs) { console.log(epoch, logs?.['loss']); }
 * }
 * ```
 */
export class Callback {
  /** A stable name, used to key this callback's state in a backup. */
  readonly name: string = 'Callback';
  /** The model, from `setModel` (undefined until then). */
  model: CallbackModel | undefined;
  /** The fit parameters, from `setParams`. */
  params: CallbackParams = { epochs: 0, steps: null };
  /** Set by BackupAndRestore: states restored before `onTrainBegin` (the callback keeps them instead of resetting). */
  protected restored = false;

  /** Gives the callback the model it watches. */
  setModel(model: CallbackModel): void {
    this.model = model;
  }

  /** Gives the callback the fit parameters. */
  setParams(params: CallbackParams): void {
    this.params = params;
  }

  /**
   * Whether the loop should read this train batch's running metric values
   * and pass them as `logs` (a device-to-host read). Base: never.
   *
   * @param _batch The 0-based batch index within the epoch.
   */
  wantsBatchLogs(_batch: number): boolean {
    return false;
  }

  /** Called at the start of `fit`. */
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  /** Called at the end of `fit` (not after an error). */
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  /** Called at the start of each epoch. */
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  /** Called at the end of each epoch, with the epoch's complete logs (validation included). */
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  /** Called before each training batch. */
  onTrainBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called after each training batch; `logs` only when some callback's `wantsBatchLogs(batch)` was true. */
  onTrainBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called at the start of `evaluate` (and of validation). */
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  /** Called at the end of `evaluate` (and of validation). */
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  /** Called before each evaluation batch. */
  onTestBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called after each evaluation batch. */
  onTestBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called at the start of `predict`. */
  onPredictBegin(_logs?: Logs): void | Promise<void> {}
  /** Called at the end of `predict`. */
  onPredictEnd(_logs?: Logs): void | Promise<void> {}
  /** Called before each prediction batch. */
  onPredictBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Called after each prediction batch. */
  onPredictBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}

  /**
   * Gives the callback the other callbacks of its list (BackupAndRestore uses
   * it to collect their states). Called by `CallbackList`.
   */
  setCallbacks(_callbacks: readonly Callback[]): void {}

  /**
   * Restores a state from `getState()`, before `onTrainBegin`. The base
   * marks the callback as restored; stateful callbacks override it.
   */
  setState(_state: JsonValue): void {
    this.restored = true;
  }
}

/**
 * A callback whose state a backup stores: it has `getState()`.
 *
 * @example
 * ```ts
 * if (isStateful(cb)) saved[cb.name] = cb.getState();
 * ```
 */
export interface StatefulCallback extends Callback {
  /** The callback's resumable state, as JSON. */
  getState(): JsonValue;
}

/**
 * Whether `cb` implements `getState()`.
 *
 * @example
 * ```ts
 * isStateful(new EarlyStopping()); // true
 * ```
 */
export function isStateful(cb: Callback): cb is StatefulCallback {
  return typeof (cb as Partial<StatefulCallback>).getState === 'function';
}
