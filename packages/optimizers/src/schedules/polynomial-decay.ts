import { checkNumber, LearningRateSchedule, type ConfigValue } from './learning-rate-schedule';

/** Arguments of {@link PolynomialDecay}. */
export interface PolynomialDecayArgs {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** Steps to reach `endLearningRate`; > 0. */
  decaySteps: number;
  /** The rate after `decaySteps`. Default 0.0001. */
  endLearningRate?: number;
  /** The power of the polynomial. Default 1 (linear). */
  power?: number;
  /** Restart the decay at each multiple of `decaySteps`. Default false. */
  cycle?: boolean;
}

/**
 * `(initial - end) * (1 - step / decaySteps) ** power + end`, with `step`
 * capped at `decaySteps`, or with `decaySteps` stretched to the next multiple
 * above `step` when `cycle` is set (Keras' `PolynomialDecay`).
 *
 * @throws ConfigError when a number is invalid (`decaySteps` must be > 0).
 * @example
 * ```ts
 * const lr = new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0 });
 * lr.call(5); // 0.05
 * ```
 */
export class PolynomialDecay extends LearningRateSchedule {
  static override readonly className: string = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;

  constructor(args: PolynomialDecayArgs) {
    super();
    this.initialLearningRate = checkNumber('PolynomialDecay', 'initialLearningRate', args.initialLearningRate, 'nonnegative');
    this.decaySteps = checkNumber('PolynomialDecay', 'decaySteps', args.decaySteps, 'positive');
    this.endLearningRate = checkNumber('PolynomialDecay', 'endLearningRate', args.endLearningRate ?? 0.0001, 'nonnegative');
    this.power = checkNumber('PolynomialDecay', 'power', args.power ?? 1);
    this.cycle = args.cycle ?? false;
  }

  call(step: number): number {
    let decaySteps = this.decaySteps;
    let s = step;
    if (this.cycle) decaySteps *= s === 0 ? 1 : Math.ceil(s / this.decaySteps);
    else s = Math.min(s, decaySteps);
    const p = s / decaySteps;
    return (this.initialLearningRate - this.endLearningRate) * (1 - p) ** this.power + this.endLearningRate;
  }

  getConfig(): Record<string, ConfigValue> {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      endLearningRate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
    };
  }
}
