import { ConfigError, describeValue } from '@dl/tensor';
import { checkNumber, LearningRateSchedule, type ConfigValue } from './learning-rate-schedule';

/** Arguments of {@link PiecewiseConstantDecay}. */
export interface PiecewiseConstantDecayArgs {
  /** Strictly increasing steps where the rate changes. */
  boundaries: number[];
  /** The rates: one more than `boundaries`. */
  values: number[];
}

/**
 * A step function: `values[0]` while `step <= boundaries[0]`, `values[i]`
 * while `boundaries[i-1] < step <= boundaries[i]`, and the last value after the
 * last boundary (Keras' `PiecewiseConstantDecay`).
 *
 * @throws ConfigError when `values` is not one longer than `boundaries`, or
 * the boundaries do not increase.
 * @example
 * ```ts
 * const lr = new PiecewiseConstantDecay({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] });
 * lr.call(150); // 0.01
 * ```
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override readonly className: string = 'PiecewiseConstantDecay';
  readonly boundaries: number[];
  readonly values: number[];

  constructor(args: PiecewiseConstantDecayArgs) {
    super();
    const { boundaries, values } = args;
    if (!Array.isArray(boundaries) || !Array.isArray(values) || boundaries.length === 0 || values.length !== boundaries.length + 1) {
      throw new ConfigError(
        `Invalid \`values\` for PiecewiseConstantDecay: expected one more value than boundaries, received boundaries ${describeValue(boundaries)} and values ${describeValue(values)}.`,
      );
    }
    boundaries.forEach((b, i) => {
      checkNumber('PiecewiseConstantDecay', `boundaries[${i}]`, b);
      if (i > 0 && b <= boundaries[i - 1]!) {
        throw new ConfigError(`Invalid \`boundaries\` for PiecewiseConstantDecay: expected strictly increasing steps, received ${describeValue(boundaries)}.`);
      }
    });
    values.forEach((v, i) => checkNumber('PiecewiseConstantDecay', `values[${i}]`, v, 'nonnegative'));
    this.boundaries = [...boundaries];
    this.values = [...values];
  }

  call(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.values.length - 1 : i]!;
  }

  getConfig(): Record<string, ConfigValue> {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}
