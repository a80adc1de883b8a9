import { ConfigError, describeValue } from '@dl/tensor';
import { checkNumber, LearningRateSchedule } from './schedules/learning-rate-schedule';

export { checkNumber };

/** Throws a ConfigError unless `value` is in [0, 1) (or [0, 1] when `inclusive`). */
export function checkBeta(cls: string, arg: string, value: unknown, inclusive = false): number {
  const v = checkNumber(cls, arg, value, 'nonnegative');
  if (inclusive ? v > 1 : v >= 1) {
    throw new ConfigError(`Invalid \`${arg}\` for ${cls}: expected a number in [0, ${inclusive ? '1]' : '1)'}, received ${v}.`);
  }
  return v;
}

/** Throws a ConfigError unless `value` is a number >= 0 or a schedule. */
export function checkLearningRate(value: unknown, cls: string, what = '`learningRate`'): number | LearningRateSchedule {
  if (value instanceof LearningRateSchedule) return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`Invalid ${what} for ${cls}: expected a number >= 0 or a LearningRateSchedule, received ${describeValue(value)}.`);
  }
  return value;
}

/** Throws a ConfigError unless `value` is null, undefined or an integer >= `min`. */
export function checkInteger(cls: string, arg: string, value: number | null | undefined, min: number): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`Invalid \`${arg}\` for ${cls}: expected an integer >= ${min} or null, received ${describeValue(value)}.`);
  }
  return value;
}
