import { checkNumber, LearningRateSchedule, type ConfigValue } from './learning-rate-schedule';

/** Arguments of {@link CosineDecayRestarts}. */
export interface CosineDecayRestartsArgs {
  /** The learning rate at step 0 and (times `mMul ** i`) at each restart. */
  initialLearningRate: number;
  /** Steps of the first period; > 0. */
  firstDecaySteps: number;
  /** Each period is `tMul` times longer than the one before. Default 2. */
  tMul?: number;
  /** Each restart starts `mMul` times lower than the one before. Default 1. */
  mMul?: number;
  /** The final rate of each period as a fraction of its start. Default 0. */
  alpha?: number;
}

/**
 * Cosine decay with warm restarts, SGDR (Keras' `CosineDecayRestarts`): the
 * rate falls from `initialLearningRate` along a half cosine over
 * `firstDecaySteps`, then restarts; period `i` lasts `firstDecaySteps * tMul ** i`
 * steps and starts at `initialLearningRate * mMul ** i`.
 *
 * @throws ConfigError when a number is invalid (`firstDecaySteps` must be > 0).
 * @example
 * ```ts
 * const lr = new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 10 });
 * lr.call(10); // 0.1 (the first restart)
 * ```
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecayRestarts';
  readonly initialLearningRate: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;

  constructor(args: CosineDecayRestartsArgs) {
    super();
    this.initialLearningRate = checkNumber('CosineDecayRestarts', 'initialLearningRate', args.initialLearningRate, 'nonnegative');
    this.firstDecaySteps = checkNumber('CosineDecayRestarts', 'firstDecaySteps', args.firstDecaySteps, 'positive');
    this.tMul = checkNumber('CosineDecayRestarts', 'tMul', args.tMul ?? 2, 'positive');
    this.mMul = checkNumber('CosineDecayRestarts', 'mMul', args.mMul ?? 1, 'nonnegative');
    this.alpha = checkNumber('CosineDecayRestarts', 'alpha', args.alpha ?? 0, 'nonnegative');
  }

  call(step: number): number {
    let fraction = step / this.firstDecaySteps;
    let restart: number;
    if (this.tMul === 1) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      restart = Math.floor(Math.log(1 - fraction * (1 - this.tMul)) / Math.log(this.tMul));
      const done = (1 - this.tMul ** restart) / (1 - this.tMul);
      fraction = (fraction - done) / this.tMul ** restart;
    }
    const cosine = 0.5 * this.mMul ** restart * (1 + Math.cos(Math.PI * fraction));
    return this.initialLearningRate * ((1 - this.alpha) * cosine + this.alpha);
  }

  getConfig(): Record<string, ConfigValue> {
    return {
      initialLearningRate: this.initialLearningRate,
      firstDecaySteps: this.firstDecaySteps,
      tMul: this.tMul,
      mMul: this.mMul,
      alpha: this.alpha,
    };
  }
}
