import { dispose, type Tensor } from '@dl/tensor';
import { Callback, type JsonValue, type Logs } from './callback';
import { checkCount, checkNonNegative, isImprovement, monitorValue, resolveMode, type MonitorMode } from './monitor';

/**
 * Options of {@link EarlyStopping}, with Keras 3's defaults.
 *
 * @example
 * ```ts
 * new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
 * ```
 */
export interface EarlyStoppingOptions {
  /** The log key to watch. Default `'val_loss'`. */
  monitor?: string;
  /** The least change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 1: print a line when stopping. Default 0. */
  verbose?: 0 | 1;
  /** `'min'`, `'max'`, or `'auto'` (from the monitor's name). Default `'auto'`. */
  mode?: MonitorMode;
  /** A value the monitor must beat; until it does, patience runs out as if nothing improved. */
  baseline?: number | null;
  /** At the end of training, put back the weights of the best epoch (tfjs throws on this). Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all (warm-up). Default 0. */
  startFromEpoch?: number;
}

/**
 * Keras' `EarlyStopping`: stops training when the monitored value has not
 * improved for `patience` epochs.
 *
 * As Keras 3: an improvement is `current + minDelta < best` (mode min); the
 * patience counter resets only when the value also beats `baseline`; with
 * `restoreBestWeights` the best epoch's weights are restored at the end of
 * training even when patience never ran out (keras#12511). Unlike Keras, NaN
 * is never an improvement, and the state (best value, wait, best epoch) is
 * saved by BackupAndRestore, so a resumed run stops where an uninterrupted
 * one would. The best weights themselves are not in the backup: after a
 * resume they are the best since the resume.
 *
 * An unknown monitor warns once with the keys that are available.
 *
 * @example
 * ```ts
 * const stop = new EarlyStopping({ monitor: 'loss', patience: 2 });
 * ```
 * @throws ConfigError on a negative `patience`, `minDelta` or `startFromEpoch`, or an unknown `mode`.
 */
export class EarlyStopping extends Callback {
  override readonly name: string = 'EarlyStopping';
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly dir: 'min' | 'max';
  private readonly verbose: 0 | 1;
  /** The best value so far (null before the first). */
  best: number | null = null;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which training was stopped (0: not stopped). */
  stoppedEpoch = 0;
  /** The epoch of the best value. */
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;
  private readonly warned = { warned: false };

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const cls = 'EarlyStopping';
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(checkNonNegative(Math.abs(options.minDelta ?? 0), 'minDelta', cls));
    this.patience = checkCount(options.patience ?? 0, 'patience', cls);
    this.verbose = options.verbose ?? 0;
    this.dir = resolveMode(options.mode ?? 'auto', this.monitor, cls);
    this.baseline = options.baseline ?? null;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = checkCount(options.startFromEpoch ?? 0, 'startFromEpoch', cls);
  }

  override onTrainBegin(): void {
    this.stoppedEpoch = 0;
    this.releaseBest();
    if (this.restored) {
      this.restored = false;
      return;
    }
    this.wait = 0;
    this.best = null;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const current = monitorValue(logs, this.monitor, 'Early stopping', this.warned);
    if (current === undefined || epoch < this.startFromEpoch) return;
    const model = this.model!;
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = model.getWeights();
    this.wait += 1;
    if (isImprovement(current, this.best, this.dir, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) {
        this.releaseBest();
        this.bestWeights = model.getWeights();
      }
      if (this.baseline === null || isImprovement(current, this.baseline, this.dir, this.minDelta)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model!.setWeights(this.bestWeights);
    }
    this.releaseBest();
  }

  /** The resumable state: best value, wait, best epoch. */
  getState(): JsonValue {
    return { best: this.best, wait: this.wait, bestEpoch: this.bestEpoch };
  }

  override setState(state: JsonValue): void {
    const s = state as { best?: number | null; wait?: number; bestEpoch?: number };
    this.best = typeof s.best === 'number' ? s.best : null;
    this.wait = typeof s.wait === 'number' ? s.wait : 0;
    this.bestEpoch = typeof s.bestEpoch === 'number' ? s.bestEpoch : 0;
    super.setState(state);
  }

  private releaseBest(): void {
    if (this.bestWeights !== null) dispose(this.bestWeights);
    this.bestWeights = null;
  }
}
