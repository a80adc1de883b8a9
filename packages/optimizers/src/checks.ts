import { ConfigError } from '@dl/tensor';
import { checkNumber } from './schedules/learning-rate-schedule';

export { checkNumber };

/** Throws a ConfigError unless `value` is in [0, 1) (or [0, 1] when `inclusive`). */
export function checkBeta(cls: string, arg: string, value: unknown, inclusive = false): number {
  const v = checkNumber(cls, arg, value, 'nonnegative');
  if (inclusive ? v > 1 : v >= 1) {
    throw new ConfigError(`Invalid \`${arg}\` for ${cls}: expected a number in [0, ${inclusive ? '1]' : '1)'}, received ${v}.`);
  }
  return v;
}
