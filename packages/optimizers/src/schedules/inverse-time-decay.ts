import { checkNumber, LearningRateSchedule, type ConfigValue } from './learning-rate-schedule';

/** Arguments of {@link InverseTimeDecay}. */
export interface InverseTimeDecayArgs {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The step unit of the decay; > 0. */
  decaySteps: number;
  /** How fast the rate falls. */
  decayRate: number;
  /** Floor `step / decaySteps` (a staircase). Default false. */
  staircase?: boolean;
}

/**
 * `initialLearningRate / (1 + decayRate * step / decaySteps)`, with the
 * quotient floored when `staircase` is set (Keras' `InverseTimeDecay`).
 *
 * @throws ConfigError when a number is invalid (`decaySteps` must be > 0).
 * @example
 * ```ts
 * const lr = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
 * lr.call(2); // 0.05
 * ```
 */
export class InverseTimeDecay extends LearningRateSchedule {
  static override readonly className: string = 'InverseTimeDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(args: InverseTimeDecayArgs) {
    super();
    this.initialLearningRate = checkNumber('InverseTimeDecay', 'initialLearningRate', args.initialLearningRate, 'nonnegative');
    this.decaySteps = checkNumber('InverseTimeDecay', 'decaySteps', args.decaySteps, 'positive');
    this.decayRate = checkNumber('InverseTimeDecay', 'decayRate', args.decayRate, 'nonnegative');
    this.staircase = args.staircase ?? false;
  }

  call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate / (1 + this.decayRate * p);
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
