import { checkNumber, LearningRateSchedule, type ConfigValue } from './learning-rate-schedule';

/** Arguments of {@link CosineDecay}. */
export interface CosineDecayArgs {
  /** The learning rate at step 0 (where the warmup starts, if any). */
  initialLearningRate: number;
  /** Steps of the cosine decay (after the warmup); > 0. */
  decaySteps: number;
  /** The final rate as a fraction of the rate the decay starts from. Default 0. */
  alpha?: number;
  /** The rate the linear warmup reaches; null (the default) skips the warmup. */
  warmupTarget?: number | null;
  /** Steps of the linear warmup. Default 0. */
  warmupSteps?: number;
}

/**
 * A cosine decay, after an optional linear warmup (Keras' `CosineDecay`).
 * Without `warmupTarget` the rate falls from `initialLearningRate` to
 * `alpha * initialLearningRate` over `decaySteps`; with it, the rate first
 * rises linearly from `initialLearningRate` to `warmupTarget` over
 * `warmupSteps`, then falls from `warmupTarget` to `alpha * warmupTarget`.
 *
 * @throws ConfigError when a number is invalid (`decaySteps` must be > 0).
 * @example
 * ```ts
 * const lr = new CosineDecay({ initialLearningRate: 0, decaySteps: 1000, warmupTarget: 0.1, warmupSteps: 100 });
 * lr.call(50); // 0.05
 * ```
 */
export class CosineDecay extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(args: CosineDecayArgs) {
    super();
    this.initialLearningRate = checkNumber('CosineDecay', 'initialLearningRate', args.initialLearningRate, 'nonnegative');
    this.decaySteps = checkNumber('CosineDecay', 'decaySteps', args.decaySteps, 'positive');
    this.alpha = checkNumber('CosineDecay', 'alpha', args.alpha ?? 0, 'nonnegative');
    const target = args.warmupTarget ?? null;
    this.warmupTarget = target === null ? null : checkNumber('CosineDecay', 'warmupTarget', target, 'nonnegative');
    this.warmupSteps = checkNumber('CosineDecay', 'warmupSteps', args.warmupSteps ?? 0, 'nonnegative');
  }

  private decay(step: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (step / this.decaySteps)));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }

  call(step: number): number {
    if (this.warmupTarget === null) return this.decay(Math.min(step, this.decaySteps), this.initialLearningRate);
    const s = Math.min(step, this.decaySteps + this.warmupSteps);
    if (s < this.warmupSteps) {
      return (this.warmupTarget - this.initialLearningRate) * (s / this.warmupSteps) + this.initialLearningRate;
    }
    return this.decay(s - this.warmupSteps, this.warmupTarget);
  }

  getConfig(): Record<string, ConfigValue> {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      warmupTarget: this.warmupTarget,
      warmupSteps: this.warmupSteps,
    };
  }
}
