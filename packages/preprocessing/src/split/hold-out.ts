import { ConfigError, describeValue, shuffle } from '@dl/tensor';
import { range, withSeed } from '../checks';
import type { Fold } from './k-fold';

/** Options of {@link holdOut}. */
export interface HoldOutOptions {
  /** Validation share: a fraction in (0, 1) or a count (default 0.2). */
  validationSize?: number;
  /** Shuffle first (default true, as the book). */
  shuffle?: boolean;
  /** A seed for this call (default: dl's global stream). */
  seed?: number;
}

/**
 * Simple hold-out validation as the book writes it: shuffle the rows, the first
 * `numValidationSamples` validate, the rest train. A fractional `validationSize` gives
 * `floor(validationSize * n)` validation rows.
 *
 * @param n Number of samples.
 * @param options `validationSize` (default 0.2), `shuffle` (default true), `seed`.
 * @returns `{ train, validation }` row indices.
 * @throws ConfigError when either part would be empty.
 * @example
 * ```ts
 * import { holdOut, takeRows } from '@dl/preprocessing';
 * const { train, validation } = holdOut(10000, { validationSize: 2000, seed: 0 });
 * ```
 */
export function holdOut(n: number, options: HoldOutOptions = {}): Fold {
  const where = 'holdOut';
  const v = options.validationSize ?? 0.2;
  if (!Number.isSafeInteger(n) || n < 2) {
    throw new ConfigError(`Invalid number of samples for ${where}: expected at least 2, received ${describeValue(n)}.`);
  }
  const numVal = v > 0 && v < 1 ? Math.floor(v * n) : v;
  if (!Number.isInteger(numVal) || numVal < 1 || numVal >= n) {
    throw new ConfigError(`Invalid \`validationSize\` for ${where}: expected a fraction in (0, 1) or a count in [1, ${n - 1}] leaving both parts non-empty, received ${describeValue(v)}.`);
  }
  return withSeed(options.seed, where, () => {
    const order = range(n);
    if (options.shuffle ?? true) shuffle(order);
    return { validation: order.slice(0, numVal), train: order.slice(numVal) };
  });
}
