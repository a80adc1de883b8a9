// Argument checks and small helpers shared by the package (internal).
import { ConfigError, describeValue, getRandomState, setRandomState, setSeed } from '@dl/tensor';

/** Throws a ConfigError unless `value` is an integer >= `min` (and <= `max` when given). */
export function checkInt(value: unknown, name: string, where: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? (min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`) : `an integer in [${min}, ${max}]`;
    throw new ConfigError(`Invalid \`${name}\` for ${where}: expected ${range}, received ${describeValue(value)}.`);
  }
  return value;
}

/** Throws a ConfigError unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, where: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(
      `Invalid \`${name}\` for ${where}: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, received ${describeValue(value)}.`,
    );
  }
  return value as T;
}

/** Throws a ConfigError unless `value` is a finite number. */
export function checkFinite(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`Invalid \`${name}\` for ${where}: expected a finite number, received ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Runs `fn` on dl's random stream seeded with `seed`, then puts the stream back as it
 * was, so a per-call seed is repeatable and leaves the global stream untouched. With no
 * seed, `fn` draws from the global stream (repeatable after `setSeed`).
 */
export function withSeed<T>(seed: number | undefined, where: string, fn: () => T): T {
  if (seed === undefined) return fn();
  checkInt(seed, 'seed', where, 0);
  const saved = getRandomState();
  setSeed(seed);
  try {
    return fn();
  } finally {
    setRandomState(saved);
  }
}

/** 0, 1, ..., n - 1. */
export function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
