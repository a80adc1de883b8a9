import { ConfigError, describeValue } from '@dl/tensor';

const N = 624;
const M = 397;

/**
 * numpy's legacy `np.random.RandomState`, the part Keras' dataset loaders use: MT19937
 * seeded with an integer (`init_genrand`), `shuffle` (Fisher-Yates from the end, with
 * numpy's masked rejection sampling, `random_interval`) and `permutation`. With the
 * same seed it gives exactly numpy's order, so `seed: 113` splits a dataset as Python
 * Keras does.
 *
 * @example
 * ```ts
 * new RandomState(113).permutation(5); // Int32Array, the same as np.random.RandomState(113).permutation(5)
 * ```
 */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /**
   * @param seed An integer in [0, 2^32 - 1], as numpy requires.
   * @throws ConfigError for any other seed.
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ConfigError(`Invalid \`seed\` for RandomState: expected an integer in [0, 2**32 - 1], received ${describeValue(seed)}.`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
  }

  /** The next 32-bit output of MT19937 (numpy's `next_uint32`). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % N]! & 0x7fffffff);
        mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform integer in [0, max] by masked rejection (numpy's legacy `random_interval`), max < 2^32. */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do {
      v = (this.nextUint32() & mask) >>> 0;
    } while (v > max);
    return v;
  }

  /**
   * Shuffles an array in place, as `RandomState.shuffle` does for a 1-D array.
   * @param array Any indexable array (plain or typed).
   * @returns The same array.
   */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /**
   * `RandomState.permutation(n)`: 0..n-1, shuffled.
   * @param n The length (a non-negative integer).
   */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`Invalid \`n\` for permutation: expected a non-negative integer, received ${describeValue(n)}.`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }
}
