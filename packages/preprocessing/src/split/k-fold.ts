import { ConfigError, describeValue, shuffle } from '@dl/tensor';
import { checkInt, range, withSeed } from '../checks';

/** One fold of a K-fold split: row indices to train on and to validate on. */
export interface Fold {
  train: Int32Array;
  validation: Int32Array;
}

/** A fold of an iterated K-fold split, with its iteration and fold number. */
export interface IteratedFold extends Fold {
  iteration: number;
  fold: number;
}

/** Options of {@link kFold}. */
export interface KFoldOptions {
  /** Shuffle the rows once before folding (default false, as the book). */
  shuffle?: boolean;
  /** A seed for this call (default: dl's global stream). */
  seed?: number;
}

function check(n: number, k: number, where: string): void {
  checkInt(k, 'k', where, 2);
  if (!Number.isSafeInteger(n) || n < k) {
    throw new ConfigError(`Invalid number of samples for ${where}: expected at least k = ${k}, received ${describeValue(n)}.`);
  }
}

function folds(order: Int32Array, k: number): Fold[] {
  const size = Math.floor(order.length / k);
  const out: Fold[] = [];
  for (let i = 0; i < k; i++) {
    const validation = order.slice(i * size, (i + 1) * size);
    const train = new Int32Array(order.length - size);
    train.set(order.subarray(0, i * size), 0);
    train.set(order.subarray((i + 1) * size), i * size);
    out.push({ train, validation });
  }
  return out;
}

/**
 * K-fold validation as the book writes it: `numValSamples = floor(n / k)`; fold `i`
 * validates on rows `[i * numValSamples, (i + 1) * numValSamples)` and trains on all the
 * others (so the last `n mod k` rows are always in training).
 *
 * @param n Number of samples.
 * @param k Number of folds, at least 2.
 * @param options `shuffle` (default false), `seed`.
 * @returns `k` folds of `{ train, validation }` row indices.
 * @throws ConfigError when `k` is not an integer >= 2 or exceeds `n`.
 * @example
 * ```ts
 * import { kFold } from '@dl/preprocessing';
 * for (const { train, validation } of kFold(404, 4)) {
 *   // build a fresh model, fit on takeRows(x, train), evaluate on takeRows(x, validation)
 * }
 * ```
 */
export function kFold(n: number, k: number, options: KFoldOptions = {}): Fold[] {
  check(n, k, 'kFold');
  return withSeed(options.seed, 'kFold', () => {
    const order = range(n);
    if (options.shuffle ?? false) shuffle(order);
    return folds(order, k);
  });
}

/**
 * Iterated K-fold validation with shuffling (the book, for small data): `iterations`
 * rounds of {@link kFold}, each on a fresh seeded shuffle of the rows.
 *
 * @param n Number of samples.
 * @param k Number of folds, at least 2.
 * @param iterations Number of rounds, at least 1.
 * @param options `seed` for this call (default: dl's global stream).
 * @returns `iterations * k` folds, each with its `iteration` and `fold` number.
 * @throws ConfigError when `k` < 2, `k` > `n`, or `iterations` < 1.
 * @example
 * ```ts
 * import { iteratedKFold } from '@dl/preprocessing';
 * const folds = iteratedKFold(100, 4, 3, { seed: 0 }); // 12 folds
 * ```
 */
export function iteratedKFold(n: number, k: number, iterations: number, options: { seed?: number } = {}): IteratedFold[] {
  check(n, k, 'iteratedKFold');
  checkInt(iterations, 'iterations', 'iteratedKFold', 1);
  return withSeed(options.seed, 'iteratedKFold', () => {
    const out: IteratedFold[] = [];
    for (let it = 0; it < iterations; it++) {
      folds(shuffle(range(n)), k).forEach((f, fold) => out.push({ ...f, iteration: it, fold }));
    }
    return out;
  });
}
