import { checkNumber, LearningRateSchedule, type ConfigValue } from './learning-rate-schedule';

/** Arguments of {@link ExponentialDecay}. */
export interface ExponentialDecayArgs {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate` once; > 0. */
  decaySteps: number;
  /** The factor applied every `decaySteps` steps. */
  decayRate: number;
  /** Decay at whole multiples of `decaySteps` only (a staircase). Default false. */
  staircase?: boolean;
}

/**
 * `initialLearningRate * decayRate ** (step / decaySteps)`, with the exponent
 * floored when `staircase` is set (Keras' `ExponentialDecay`).
 *
 * @throws ConfigError when a number is invalid (`decaySteps` must be > 0).
 * @example
 * ```ts
 * const lr = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * lr.call(100); // 0.05
 * ```
 */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly className: string = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(args: ExponentialDecayArgs) {
    super();
    this.initialLearningRate = checkNumber('ExponentialDecay', 'initialLearningRate', args.initialLearningRate, 'nonnegative');
    this.decaySteps = checkNumber('ExponentialDecay', 'decaySteps', args.decaySteps, 'positive');
    this.decayRate = checkNumber('ExponentialDecay', 'decayRate', args.decayRate, 'nonnegative');
    this.staircase = args.staircase ?? false;
  }

  call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate * this.decayRate ** p;
  }

  getConfig(): Record<string, ConfigValue> {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
    };
  }
}
