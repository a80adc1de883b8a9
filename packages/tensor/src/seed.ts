import * as tfc from '@tensorflow/tfjs-core';
import type { DataType, Rank, ShapeMap, Tensor, Tensor1D, Tensor2D, TensorLike } from '@tensorflow/tfjs-core';
import { ConfigError, describeValue } from './errors';

/**
 * xoshiro128** (Blackman and Vigna), a small, fast generator with 128 bits of
 * state; seeded through splitmix32 so that nearby seeds give unrelated streams.
 */
class Xoshiro128 {
  private s = new Uint32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32
      x = (x + 0x9e3779b9 + (i === 1 ? hi : 0)) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
  }

  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2] = (s[2]! ^ s[0]!) >>> 0;
    s[3] = (s[3]! ^ s[1]!) >>> 0;
    s[1] = (s[1]! ^ s[2]!) >>> 0;
    s[0] = (s[0]! ^ s[3]!) >>> 0;
    s[2] = (s[2]! ^ t) >>> 0;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  getState(): number[] {
    return Array.from(this.s);
  }

  setState(state: readonly number[]): void {
    this.s.set(state);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let stream = new Xoshiro128(Math.floor(Math.random() * 2 ** 32));
let currentSeed: number | undefined;

/**
 * Seeds dl's one random stream. Initializers, dropout, shuffling and splits in
 * every dl package draw on it, so the same seed gives the same numbers on the
 * same backend.
 *
 * @param seed A non-negative safe integer.
 * @throws ConfigError when `seed` is not a non-negative safe integer.
 * @example
 * ```ts
 * import { setSeed, randomNormal } from '@dl/tensor';
 * setSeed(42);
 * const a = await randomNormal([3]).data();
 * setSeed(42);
 * const b = await randomNormal([3]).data(); // same numbers as a
 * ```
 */
export function setSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new ConfigError(
      `Invalid \`seed\` for setSeed: expected a non-negative safe integer, received ${describeValue(seed)}.`,
    );
  }
  currentSeed = seed;
  stream = new Xoshiro128(seed);
}

/**
 * The seed last given to {@link setSeed}, or `undefined` if the stream was
 * never seeded (then it started from `Math.random`).
 *
 * @example
 * ```ts
 * setSeed(7); getSeed(); // 7
 * ```
 */
export function getSeed(): number | undefined {
  return currentSeed;
}

/** A snapshot of dl's random stream, from {@link getRandomState}; plain JSON. */
export interface RandomState {
  /** The 128 bits of xoshiro128** state, as four unsigned 32-bit integers. */
  words: number[];
  /** The seed last given to setSeed, if any. */
  seed?: number;
}

/**
 * A snapshot of dl's random stream, to resume a run later with exactly the
 * numbers it would have drawn (what a crash-safe training backup stores).
 *
 * @example
 * ```ts
 * const saved = getRandomState();
 * const a = random();
 * setRandomState(saved);
 * random() === a; // true
 * ```
 */
export function getRandomState(): RandomState {
  const state: RandomState = { words: stream.getState() };
  if (currentSeed !== undefined) state.seed = currentSeed;
  return state;
}

/**
 * Restores a snapshot from {@link getRandomState}.
 *
 * @throws ConfigError when `state.words` is not four unsigned 32-bit integers, not all zero.
 * @example
 * ```ts
 * setRandomState(JSON.parse(text));
 * ```
 */
export function setRandomState(state: RandomState): void {
  const w = (state as Partial<RandomState> | null)?.words;
  const ok =
    Array.isArray(w) && w.length === 4 && w.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32) && w.some((x) => x !== 0);
  if (!ok) {
    throw new ConfigError(
      `Invalid \`state\` for setRandomState: expected { words: four unsigned 32-bit integers, not all zero }, received ${describeValue(w)}.`,
    );
  }
  stream.setState(w);
  currentSeed = state.seed;
}

/**
 * A float in [0, 1) from the seeded stream (53 bits of randomness).
 *
 * @example
 * ```ts
 * setSeed(1); const u = random(); // same u after every setSeed(1)
 * ```
 */
export function random(): number {
  const hi = stream.nextUint32() >>> 5; // 27 bits
  const lo = stream.nextUint32() >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}

/**
 * An integer in [0, n) from the seeded stream, without modulo bias.
 *
 * @throws ConfigError when `n` is not a positive safe integer.
 * @example
 * ```ts
 * const die = randomInt(6) + 1;
 * ```
 */
export function randomInt(n: number): number {
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new ConfigError(`Invalid \`n\` for randomInt: expected a positive integer, received ${describeValue(n)}.`);
  }
  return Math.floor(random() * n);
}

/**
 * A fresh integer seed drawn from the stream, for ops that take a `seed`
 * argument (this is how the seeded ops below stay repeatable).
 *
 * @example
 * ```ts
 * const seed = nextSeed(); // pass to an op that takes a seed
 * ```
 */
export function nextSeed(): number {
  return stream.nextUint32();
}

/**
 * Shuffles an array in place with the seeded stream (Fisher-Yates) and
 * returns it.
 *
 * @example
 * ```ts
 * setSeed(0);
 * const order = shuffle([0, 1, 2, 3, 4]); // same order after every setSeed(0)
 * ```
 */
export function shuffle<T, A extends { length: number; [i: number]: T }>(array: A): A {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = array[i]!;
    array[i] = array[j]!;
    array[j] = tmp;
  }
  return array;
}

/**
 * tfjs-core's `randomNormal`, seeded from dl's stream when no `seed` is given.
 *
 * @example
 * ```ts
 * setSeed(3); const w = randomNormal([2, 2], 0, 0.05);
 * ```
 */
export function randomNormal<R extends Rank>(
  shape: ShapeMap[R], mean = 0, stdDev = 1, dtype?: 'float32' | 'int32', seed?: number,
): Tensor<R> {
  return tfc.randomNormal(shape, mean, stdDev, dtype, seed ?? nextSeed());
}

/**
 * tfjs-core's `randomStandardNormal`, seeded from dl's stream when no `seed` is given.
 *
 * @example
 * ```ts
 * const z = randomStandardNormal([4]);
 * ```
 */
export function randomStandardNormal<R extends Rank>(
  shape: ShapeMap[R], dtype?: 'float32' | 'int32', seed?: number,
): Tensor<R> {
  return tfc.randomStandardNormal(shape, dtype, seed ?? nextSeed());
}

/**
 * tfjs-core's `truncatedNormal`, seeded from dl's stream when no `seed` is given.
 *
 * @example
 * ```ts
 * const w = truncatedNormal([3, 3], 0, 0.05);
 * ```
 */
export function truncatedNormal<R extends Rank>(
  shape: ShapeMap[R], mean = 0, stdDev = 1, dtype?: 'float32' | 'int32', seed?: number,
): Tensor<R> {
  return tfc.truncatedNormal(shape, mean, stdDev, dtype, seed ?? nextSeed());
}

/**
 * tfjs-core's `randomUniform`, seeded from dl's stream when no `seed` is given.
 *
 * @example
 * ```ts
 * const u = randomUniform([2, 3], -1, 1);
 * ```
 */
export function randomUniform<R extends Rank>(
  shape: ShapeMap[R], minval = 0, maxval = 1, dtype: DataType = 'float32', seed?: number | string,
): Tensor<R> {
  return tfc.randomUniform(shape, minval, maxval, dtype, seed ?? nextSeed());
}

/**
 * tfjs-core's `randomUniformInt`, seeded from dl's stream when no `seed` is given.
 *
 * @example
 * ```ts
 * const labels = randomUniformInt([8], 0, 10);
 * ```
 */
export function randomUniformInt<R extends Rank>(
  shape: ShapeMap[R], minval: number, maxval: number, seed?: number | string,
): Tensor<R> {
  return tfc.randomUniformInt(shape, minval, maxval, seed ?? nextSeed());
}

/**
 * tfjs-core's `randomGamma`, seeded from dl's stream when no `seed` is given.
 *
 * @example
 * ```ts
 * const g = randomGamma([5], 2);
 * ```
 */
export function randomGamma<R extends Rank>(
  shape: ShapeMap[R], alpha: number, beta = 1, dtype?: 'float32' | 'int32', seed?: number,
): Tensor<R> {
  return tfc.randomGamma(shape, alpha, beta, dtype, seed ?? nextSeed());
}

/**
 * tfjs-core's `multinomial`, seeded from dl's stream when no `seed` is given.
 *
 * @example
 * ```ts
 * const draws = multinomial([[0.1, 0.2, 0.7]], 4, undefined, true);
 * ```
 */
export function multinomial(
  logits: Tensor1D | Tensor2D | TensorLike, numSamples: number, seed?: number, normalized = false,
): Tensor1D | Tensor2D {
  return tfc.multinomial(logits, numSamples, seed ?? nextSeed(), normalized);
}

/**
 * tfjs-core's `dropout` (inverted dropout: kept values are scaled by
 * `1 / (1 - rate)`), seeded from dl's stream when no `seed` is given.
 *
 * @example
 * ```ts
 * const y = dropout(ones([4, 4]), 0.5);
 * ```
 */
export function dropout(
  x: Tensor | TensorLike, rate: number, noiseShape?: number[], seed?: number | string,
): Tensor {
  return tfc.dropout(x, rate, noiseShape, seed ?? nextSeed());
}
