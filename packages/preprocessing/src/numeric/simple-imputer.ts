import { ConfigError, broadcastTo, describeValue, isNaN as isNaNOp, tensor1d, tidy, where, type Tensor } from '@dl/tensor';
import { checkFinite, checkOneOf } from '../checks';
import { checkFeatures, readMatrix, toTensor, type Table } from './matrix';

/** How {@link SimpleImputer} fills a feature's missing values. */
export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant';

/** Options of {@link SimpleImputer}. */
export interface SimpleImputerOptions {
  /** `'mean'` (default), `'median'`, `'mostFrequent'` (ties: the smallest value) or `'constant'`. */
  strategy?: ImputeStrategy;
  /** The value for `'constant'` (default 0). */
  fillValue?: number;
}

/** The fitted state of a {@link SimpleImputer}, plain JSON. */
export interface SimpleImputerConfig {
  strategy: ImputeStrategy;
  fillValue: number;
  /** Per-feature fill value. */
  statistics: number[];
}

const STRATEGIES: readonly ImputeStrategy[] = ['mean', 'median', 'mostFrequent', 'constant'];

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const h = values.length >> 1;
  return values.length % 2 === 1 ? values[h]! : (values[h - 1]! + values[h]!) / 2;
}

function mostFrequent(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = NaN;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/**
 * Missing-value imputation: every NaN of a feature becomes that feature's mean, median
 * or most frequent value over the training data (NaN ignored), or a constant, as
 * scikit-learn's `SimpleImputer`.
 *
 * Fit on the training data, then transform both training and test data, before scaling
 * ({@link StandardScaler} and {@link MinMaxScaler} refuse NaN).
 *
 * @example
 * ```ts
 * import { SimpleImputer } from '@dl/preprocessing';
 * const imp = await new SimpleImputer({ strategy: 'median' }).fit([[1, NaN], [3, 4], [NaN, 8]]);
 * imp.transform([[NaN, NaN]]); // [[2, 6]]
 * ```
 */
export class SimpleImputer {
  readonly strategy: ImputeStrategy;
  readonly fillValue: number;
  /** Per-feature fill values (undefined until fitted). */
  statistics: Float64Array | undefined;

  /**
   * @param options `strategy`, `fillValue`.
   * @throws ConfigError for an unknown strategy or a non-finite `fillValue`.
   */
  constructor(options: SimpleImputerOptions = {}) {
    this.strategy = checkOneOf(options.strategy ?? 'mean', STRATEGIES, 'strategy', 'SimpleImputer');
    this.fillValue = checkFinite(options.fillValue ?? 0, 'fillValue', 'SimpleImputer');
  }

  /**
   * Computes each feature's fill value over the non-NaN entries of `x` (reads x to the host).
   *
   * @throws ConfigError for empty data, infinities, or a feature with no value at all
   *   (strategies other than `'constant'`).
   */
  async fit(x: Table): Promise<this> {
    const at = 'SimpleImputer.fit';
    const m = await readMatrix(x, at);
    if (m.rows === 0 || m.cols === 0) {
      throw new ConfigError(`Invalid \`x\` for ${at}: expected at least one sample and one feature, received shape [${m.shape.join(',')}].`);
    }
    const columns: number[][] = Array.from({ length: m.cols }, () => []);
    for (let i = 0; i < m.data.length; i++) {
      const v = m.data[i]!;
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) {
        throw new ConfigError(`Invalid \`x\` for ${at}: expected numbers or NaN (missing), received ${v} at row ${Math.floor(i / m.cols)}, column ${i % m.cols}.`);
      }
      columns[i % m.cols]!.push(v);
    }
    this.statistics = Float64Array.from(columns, (col, j) => {
      if (this.strategy === 'constant') return this.fillValue;
      if (col.length === 0) {
        throw new ConfigError(`Invalid \`x\` for ${at}: expected at least one value in every feature for strategy "${this.strategy}", received only NaN in column ${j}; use strategy "constant" or drop it.`);
      }
      if (this.strategy === 'mean') return col.reduce((a, b) => a + b, 0) / col.length;
      if (this.strategy === 'median') return median(col);
      return mostFrequent(col);
    });
    return this;
  }

  /**
   * Replaces every NaN of `x` with its feature's fill value, on the device (no read).
   *
   * @returns A float32 tensor of x's shape.
   * @throws ConfigError when not fitted, or x has another number of features.
   */
  transform(x: Table): Tensor {
    const stats = this.statistics;
    if (stats === undefined) {
      throw new ConfigError('SimpleImputer is not fitted: call `await imputer.fit(trainData)` before transform.');
    }
    return tidy(() => {
      const t = toTensor(x);
      checkFeatures(t, stats.length, 'SimpleImputer.transform');
      return where(isNaNOp(t), broadcastTo(tensor1d(Array.from(stats)), t.shape), t);
    });
  }

  /** `fit(x)` then `transform(x)`. */
  async fitTransform(x: Table): Promise<Tensor> {
    await this.fit(x);
    return this.transform(x);
  }

  /** The fitted state as plain JSON. */
  toJSON(): SimpleImputerConfig {
    if (this.statistics === undefined) throw new ConfigError('SimpleImputer is not fitted: call `await imputer.fit(trainData)` before toJSON.');
    return { strategy: this.strategy, fillValue: this.fillValue, statistics: Array.from(this.statistics) };
  }

  /**
   * A fitted imputer from {@link toJSON}'s output.
   *
   * @throws ConfigError for a bad strategy or non-finite statistics.
   */
  static fromJSON(config: SimpleImputerConfig): SimpleImputer {
    if (config === null || typeof config !== 'object') {
      throw new ConfigError(`Invalid config for SimpleImputer.fromJSON: expected { strategy, fillValue, statistics }, received ${describeValue(config)}.`);
    }
    const imp = new SimpleImputer({ strategy: config.strategy, fillValue: config.fillValue });
    if (!Array.isArray(config.statistics) || !config.statistics.every(Number.isFinite)) {
      throw new ConfigError(`Invalid \`statistics\` for SimpleImputer.fromJSON: expected finite numbers, received ${describeValue(config.statistics)}.`);
    }
    imp.statistics = Float64Array.from(config.statistics);
    return imp;
  }
}
