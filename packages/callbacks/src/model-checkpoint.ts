import { ConfigError, describeValue } from '@dl/tensor';
import { Callback, type JsonValue, type Logs } from './callback';
import { FileTemplate } from './file-template';
import { isImprovement, monitorValue, resolveMode, type MonitorMode } from './monitor';

/**
 * Options of {@link ModelCheckpoint}, with Keras 3's defaults.
 *
 * @example
 * ```ts
 * new ModelCheckpoint({ filepath: 'ckpt/{epoch:02d}-{val_loss:.4f}', saveBestOnly: true });
 * ```
 */
export interface ModelCheckpointOptions {
  /** Where to save: a template with `{epoch}` (1-based, as Keras), `{batch}` (1-based) and log keys, each with an optional format (`{val_loss:.4f}`). */
  filepath: string;
  /** The log key `saveBestOnly` watches. Default `'val_loss'`. */
  monitor?: string;
  /** 1: print a line at each save. Default 0. */
  verbose?: 0 | 1;
  /** Save only when the monitored value improves on the best so far. Default false. */
  saveBestOnly?: boolean;
  /** Save with `model.saveWeights` instead of `model.save`. Default false. */
  saveWeightsOnly?: boolean;
  /** `'min'`, `'max'` or `'auto'`. Default `'auto'`. */
  mode?: MonitorMode;
  /** `'epoch'`, or a number N: save every N batches (counted across epochs). Default `'epoch'`. */
  saveFreq?: 'epoch' | number;
  /** With `saveBestOnly`, the value the first save must beat. Default: none. */
  initialValueThreshold?: number | null;
}

/**
 * Keras' `ModelCheckpoint`: saves the model (or its weights) at the end of
 * each epoch or every N batches, optionally only when the monitored value
 * improves.
 *
 * The file name is a template (`'ckpt/{epoch:02d}-{val_loss:.4f}'`); a field
 * that names a key the logs will not hold is an error before training starts
 * when the loop passes `params.metrics`, else at the first save. Files are
 * written by `model.save` / `model.saveWeights`, which write atomically in
 * dl, so a crash mid-save leaves the previous file whole.
 *
 * As Keras, a missing monitor warns (once) and saves anyway. Unlike Keras, NaN
 * never counts as an improvement (Keras would take NaN as the best and never
 * save again), and the best value is saved by BackupAndRestore, so a resumed
 * run does not overwrite a better checkpoint (keras#17012).
 *
 * @example
 * ```ts
 * const ckpt = new ModelCheckpoint({ filepath: 'best.dl', monitor: 'val_loss', saveBestOnly: true });
 * ```
 * @throws ConfigError on a malformed template or `saveFreq`, or when the model
 * lacks `save` / `saveWeights`.
 */
export class ModelCheckpoint extends Callback {
  override readonly name: string = 'ModelCheckpoint';
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  /** The best monitored value so far. */
  best: number | null;
  private readonly template: FileTemplate;
  private readonly dir: 'min' | 'max';
  private readonly verbose: 0 | 1;
  private readonly initial: number | null;
  private batchesSinceSave = 0;
  private epoch = 0;
  private readonly warned = { warned: false };

  constructor(options: ModelCheckpointOptions) {
    super();
    const cls = 'ModelCheckpoint';
    this.template = new FileTemplate(options?.filepath, cls);
    this.filepath = options.filepath;
    this.monitor = options.monitor ?? 'val_loss';
    this.verbose = options.verbose ?? 0;
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.saveWeightsOnly = options.saveWeightsOnly ?? false;
    this.dir = resolveMode(options.mode ?? 'auto', this.monitor, cls);
    const freq = options.saveFreq ?? 'epoch';
    if (freq !== 'epoch' && !(Number.isSafeInteger(freq) && freq > 0)) {
      throw new ConfigError(`Invalid \`saveFreq\` for ${cls}: expected "epoch" or a positive integer, received ${describeValue(freq)}.`);
    }
    this.saveFreq = freq;
    const t = options.initialValueThreshold ?? null;
    if (t !== null && (typeof t !== 'number' || Number.isNaN(t))) {
      throw new ConfigError(`Invalid \`initialValueThreshold\` for ${cls}: expected a number, received ${describeValue(t)}.`);
    }
    this.initial = t;
    this.best = t;
  }

  override onTrainBegin(): void {
    const model = this.model;
    const method = this.saveWeightsOnly ? 'saveWeights' : 'save';
    if (model === undefined || typeof model[method] !== 'function') {
      throw new ConfigError(`Invalid model for ModelCheckpoint: expected a model with a \`${method}(path)\` method, received ${describeValue(model)}.`);
    }
    const available = this.params.metrics;
    if (available !== undefined) this.template.check(['epoch', ...(this.saveFreq === 'epoch' ? [] : ['batch']), ...available]);
    if (this.restored) {
      this.restored = false;
      return;
    }
    this.best = this.initial;
    this.batchesSinceSave = 0;
  }

  override wantsBatchLogs(): boolean {
    // A batch save reads the batch's logs, if the template or the monitor needs them.
    const needsLogs = this.saveBestOnly || this.template.keys.some((k) => k !== 'epoch' && k !== 'batch');
    return needsLogs && this.saveFreq !== 'epoch' && this.batchesSinceSave + 1 >= this.saveFreq;
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void | Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.batchesSinceSave += 1;
    if (this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    return this.save({ ...logs, epoch: this.epoch + 1, batch: batch + 1 }, logs);
  }

  override onEpochEnd(epoch: number, logs?: Logs): void | Promise<void> {
    if (this.saveFreq !== 'epoch') return;
    return this.save({ ...logs, epoch: epoch + 1 }, logs);
  }

  private async save(values: Record<string, number>, logs: Logs | undefined): Promise<void> {
    const path = this.template.format(values);
    if (this.saveBestOnly) {
      const current = monitorValue(logs, this.monitor, 'ModelCheckpoint (saveBestOnly)', this.warned);
      if (current !== undefined) {
        if (!isImprovement(current, this.best, this.dir, 0)) {
          if (this.verbose > 0) console.log(`Epoch ${values['epoch']}: ${this.monitor} did not improve from ${this.best}`);
          return;
        }
        if (this.verbose > 0) console.log(`Epoch ${values['epoch']}: ${this.monitor} improved from ${this.best} to ${current}, saving model to ${path}`);
        this.best = current;
      }
    } else if (this.verbose > 0) {
      console.log(`Epoch ${values['epoch']}: saving model to ${path}`);
    }
    const model = this.model!;
    if (this.saveWeightsOnly) await model.saveWeights!(path);
    else await model.save!(path, { overwrite: true });
  }

  /** The resumable state: the best value and the batch count since the last save. */
  getState(): JsonValue {
    return { best: this.best, batchesSinceSave: this.batchesSinceSave };
  }

  override setState(state: JsonValue): void {
    const s = state as { best?: number | null; batchesSinceSave?: number };
    this.best = typeof s.best === 'number' ? s.best : this.initial;
    this.batchesSinceSave = typeof s.batchesSinceSave === 'number' ? s.batchesSinceSave : 0;
    super.setState(state);
  }
}
