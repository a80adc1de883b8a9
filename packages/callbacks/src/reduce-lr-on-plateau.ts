import { ConfigError, describeValue } from '@dl/tensor';
import { Callback, type JsonValue, type Logs } from './callback';
import { optimizerOf } from './learning-rate-scheduler';
import { checkCount, checkNonNegative, monitorValue, resolveMode, type MonitorMode } from './monitor';

/**
 * Options of {@link ReduceLROnPlateau}, with Keras 3's defaults.
 *
 * @example
 * ```ts
 * new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2, minLr: 1e-5 });
 * ```
 */
export interface ReduceLROnPlateauOptions {
  /** The log key to watch. Default `'val_loss'`. */
  monitor?: string;
  /** The factor the rate is multiplied by, in (0, 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** 1: print a line at each reduction. Default 0. */
  verbose?: 0 | 1;
  /** `'min'`, `'max'` or `'auto'`. Default `'auto'`. */
  mode?: MonitorMode;
  /** The least change that counts as an improvement. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** The rate never goes below this. Default 0. */
  minLr?: number;
}

/**
 * Keras' `ReduceLROnPlateau`: multiplies the learning rate by `factor` when
 * the monitored value has not improved by `minDelta` for `patience` epochs,
 * then waits `cooldown` epochs; never below `minLr`. Adds `learning_rate` to
 * the epoch's logs. Its state (best, wait, cooldown counter) is saved by
 * BackupAndRestore.
 *
 * @example
 * ```ts
 * const cb = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1 });
 * ```
 * @throws ConfigError when `factor` is not in (0, 1), or on a negative
 * `patience`, `cooldown`, `minDelta` or `minLr`.
 */
export class ReduceLROnPlateau extends Callback {
  override readonly name: string = 'ReduceLROnPlateau';
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  private readonly dir: 'min' | 'max';
  private readonly verbose: 0 | 1;
  /** The best value so far. */
  best: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  private readonly warned = { warned: false };

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const cls = 'ReduceLROnPlateau';
    this.monitor = options.monitor ?? 'val_loss';
    this.factor = options.factor ?? 0.1;
    if (typeof this.factor !== 'number' || !(this.factor > 0 && this.factor < 1)) {
      throw new ConfigError(`Invalid \`factor\` for ${cls}: expected a number in (0, 1), received ${describeValue(options.factor)}.`);
    }
    this.patience = checkCount(options.patience ?? 10, 'patience', cls);
    this.verbose = options.verbose ?? 0;
    this.dir = resolveMode(options.mode ?? 'auto', this.monitor, cls);
    this.minDelta = checkNonNegative(options.minDelta ?? 1e-4, 'minDelta', cls);
    this.cooldown = checkCount(options.cooldown ?? 0, 'cooldown', cls);
    this.minLr = checkNonNegative(options.minLr ?? 0, 'minLr', cls);
    this.best = this.dir === 'min' ? Infinity : -Infinity;
  }

  override onTrainBegin(): void {
    optimizerOf(this.model, 'ReduceLROnPlateau');
    if (this.restored) {
      this.restored = false;
      return;
    }
    this.best = this.dir === 'min' ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const opt = optimizerOf(this.model, 'ReduceLROnPlateau');
    if (logs !== undefined) logs['learning_rate'] = opt.learningRate;
    const current = monitorValue(logs, this.monitor, 'Learning rate reduction', this.warned);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    const improved = this.dir === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
    if (improved) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const old = opt.learningRate;
        if (old > this.minLr) {
          const lr = Math.max(old * this.factor, this.minLr);
          opt.learningRate = lr;
          if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }

  /** The resumable state: best, wait, cooldown counter. Infinity is stored as null. */
  getState(): JsonValue {
    return { best: Number.isFinite(this.best) ? this.best : null, wait: this.wait, cooldownCounter: this.cooldownCounter };
  }

  override setState(state: JsonValue): void {
    const s = state as { best?: number | null; wait?: number; cooldownCounter?: number };
    this.best = typeof s.best === 'number' ? s.best : this.dir === 'min' ? Infinity : -Infinity;
    this.wait = typeof s.wait === 'number' ? s.wait : 0;
    this.cooldownCounter = typeof s.cooldownCounter === 'number' ? s.cooldownCounter : 0;
    super.setState(state);
  }
}
