import { ConfigError, describeValue } from '@dl/tensor';

/** A JSON value in a schedule's or an optimizer's config. */
export type ConfigValue = number | string | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/** A serialized schedule: its registered class name and its config. */
export interface SerializedSchedule {
  className: string;
  config: Record<string, ConfigValue>;
}

/**
 * The base class of learning rate schedules: a function of the optimizer's
 * iteration count (0 on the first step) that returns the learning rate.
 *
 * A schedule is plain arithmetic on numbers, computed on the host once per
 * step, so it costs no kernel and no device read. Subclass it for a custom
 * schedule: implement `call(step)` and `getConfig()`, set a static
 * `className`, and call `registerSchedule` so configs that name it load.
 *
 * @example
 * ```ts
 * class Halving extends LearningRateSchedule {
 *   static readonly className = 'Halving';
 *   constructor(readonly initialLearningRate: number) { super(); }
 *   call(step: number) { return this.initialLearningRate / 2 ** step; }
 *   getConfig() { return { initialLearningRate: this.initialLearningRate }; }
 * }
 * ```
 */
export abstract class LearningRateSchedule {
  /** The name the schedule is serialized under; every subclass sets its own. */
  static readonly className: string = 'LearningRateSchedule';

  /** The learning rate at `step` (the optimizer's iteration count, from 0). */
  abstract call(step: number): number;

  /** The schedule's arguments, JSON-serializable, as the constructor takes them. */
  abstract getConfig(): Record<string, ConfigValue>;
}

/** Throws a ConfigError unless `value` is a finite number (optionally > 0 or >= 0). */
export function checkNumber(
  owner: string,
  arg: string,
  value: unknown,
  rule: 'finite' | 'nonnegative' | 'positive' = 'finite',
): number {
  const ok = typeof value === 'number' && Number.isFinite(value)
    && (rule === 'finite' || (rule === 'positive' ? value > 0 : value >= 0));
  if (!ok) {
    const expected = rule === 'finite' ? 'a finite number' : rule === 'positive' ? 'a positive number' : 'a number >= 0';
    throw new ConfigError(`Invalid \`${arg}\` for ${owner}: expected ${expected}, received ${describeValue(value)}.`);
  }
  return value as number;
}
