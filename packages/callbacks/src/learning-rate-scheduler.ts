import { ConfigError, describeValue } from '@dl/tensor';
import { Callback, type CallbackModel, type Logs } from './callback';

/** Checks that the model has an optimizer with a numeric learning rate, and returns it. */
export function optimizerOf(model: CallbackModel | undefined, cls: string): NonNullable<CallbackModel['optimizer']> {
  const opt = model?.optimizer;
  if (opt === undefined || typeof opt.learningRate !== 'number') {
    throw new ConfigError(`Invalid model for ${cls}: expected a compiled model whose optimizer has a numeric \`learningRate\`, received ${describeValue(opt)}.`);
  }
  return opt;
}

/**
 * Options of {@link LearningRateScheduler}.
 *
 * @example
 * ```ts
 * new LearningRateScheduler({ schedule: (epoch, lr) => (epoch < 10 ? lr : lr * 0.9) });
 * ```
 */
export interface LearningRateSchedulerOptions {
  /** The learning rate of epoch `epoch` (0-based) given the current one. */
  schedule: (epoch: number, lr: number) => number;
  /** 1: print the new rate at each epoch begin. Default 0. */
  verbose?: 0 | 1;
}

/**
 * Keras' `LearningRateScheduler`: at each epoch begin, sets the optimizer's
 * learning rate to `schedule(epoch, lr)`, and adds `learning_rate` to the
 * epoch's logs.
 *
 * @example
 * ```ts
 * const cb = new LearningRateScheduler({ schedule: (epoch, lr) => lr * Math.exp(-0.1) });
 * ```
 * @throws ConfigError when `schedule` is not a function, when it returns
 * anything but a finite number >= 0, or when the model has no optimizer with
 * a numeric learning rate (one with a LearningRateSchedule).
 */
export class LearningRateScheduler extends Callback {
  override readonly name: string = 'LearningRateScheduler';
  private readonly schedule: (epoch: number, lr: number) => number;
  private readonly verbose: 0 | 1;

  constructor(options: LearningRateSchedulerOptions) {
    super();
    if (typeof options?.schedule !== 'function') {
      throw new ConfigError(`Invalid \`schedule\` for LearningRateScheduler: expected a function (epoch, lr) => number, received ${describeValue(options?.schedule)}.`);
    }
    this.schedule = options.schedule;
    this.verbose = options.verbose ?? 0;
  }

  override onTrainBegin(): void {
    optimizerOf(this.model, 'LearningRateScheduler');
  }

  override onEpochBegin(epoch: number): void {
    const opt = optimizerOf(this.model, 'LearningRateScheduler');
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ConfigError(`Invalid learning rate from the \`schedule\` of LearningRateScheduler at epoch ${epoch}: expected a finite number >= 0, received ${describeValue(lr)}.`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs !== undefined) logs['learning_rate'] = optimizerOf(this.model, 'LearningRateScheduler').learningRate;
  }
}
