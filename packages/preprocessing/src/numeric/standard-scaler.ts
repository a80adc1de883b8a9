import { ConfigError, add, describeValue, div, mul, sub, tensor1d, tidy, type Tensor } from '@dl/tensor';
import { checkFeatures, checkNoMissing, checkNotEmpty, readMatrix, toTensor, type Table } from './matrix';

/** The fitted state of a {@link StandardScaler}, plain JSON. */
export interface StandardScalerConfig {
  /** Per-feature mean of the training data. */
  mean: number[];
  /** Per-feature standard deviation (population, ddof 0); a constant feature gets 1. */
  std: number[];
}

/**
 * Feature-wise standardization fitted on the training data and applied to any data: the
 * book's Boston housing recipe (`x -= mean; x /= std`, with the training mean and std).
 *
 * `fit` computes each feature's mean and (population) standard deviation over all axes
 * but the last; `transform` returns `(x - mean) / std`. A constant feature (std 0) is
 * divided by 1 instead of 0. The statistics are plain numbers (`toJSON`), so a fitted
 * scaler can be saved with a model's files.
 *
 * @example
 * ```ts
 * import { StandardScaler } from '@dl/preprocessing';
 * const scaler = await new StandardScaler().fit(trainData);   // statistics of the training data only
 * const x = scaler.transform(testData);                         // the test data with the same statistics
 * ```
 */
export class StandardScaler {
  /** Per-feature mean (undefined until fitted). */
  mean: Float64Array | undefined;
  /** Per-feature standard deviation (undefined until fitted). */
  std: Float64Array | undefined;

  /**
   * Computes the per-feature mean and standard deviation of `x` (reads it to the host).
   *
   * @param x Samples x features: a Tensor or nested arrays; a 1-D input is one feature.
   * @returns this, fitted.
   * @throws ConfigError for empty data, or data with NaN or infinities (impute first).
   */
  async fit(x: Table): Promise<this> {
    const where = 'StandardScaler.fit';
    const m = await readMatrix(x, where);
    checkNotEmpty(m, where);
    checkNoMissing(m, where);
    const mean = new Float64Array(m.cols);
    const std = new Float64Array(m.cols);
    for (let i = 0; i < m.data.length; i++) mean[i % m.cols] = mean[i % m.cols]! + m.data[i]!;
    for (let j = 0; j < m.cols; j++) mean[j] = mean[j]! / m.rows;
    for (let i = 0; i < m.data.length; i++) std[i % m.cols] = std[i % m.cols]! + (m.data[i]! - mean[i % m.cols]!) ** 2;
    for (let j = 0; j < m.cols; j++) {
      const s = Math.sqrt(std[j]! / m.rows);
      std[j] = s === 0 ? 1 : s;
    }
    this.mean = mean;
    this.std = std;
    return this;
  }

  private fitted(where: string): { mean: Float64Array; std: Float64Array } {
    if (this.mean === undefined || this.std === undefined) {
      throw new ConfigError(`StandardScaler is not fitted: call \`await scaler.fit(trainData)\` before ${where}.`);
    }
    return { mean: this.mean, std: this.std };
  }

  /**
   * `(x - mean) / std` with the fitted statistics, on the device (no read).
   *
   * @returns A float32 tensor of x's shape.
   * @throws ConfigError when not fitted, or x has another number of features.
   */
  transform(x: Table): Tensor {
    const { mean, std } = this.fitted('transform');
    return tidy(() => {
      const t = toTensor(x);
      checkFeatures(t, mean.length, 'StandardScaler.transform');
      return div(sub(t, tensor1d(Array.from(mean))), tensor1d(Array.from(std)));
    });
  }

  /** `x * std + mean`: undoes {@link transform}. */
  inverseTransform(x: Table): Tensor {
    const { mean, std } = this.fitted('inverseTransform');
    return tidy(() => {
      const t = toTensor(x);
      checkFeatures(t, mean.length, 'StandardScaler.inverseTransform');
      return add(mul(t, tensor1d(Array.from(std))), tensor1d(Array.from(mean)));
    });
  }

  /** `fit(x)` then `transform(x)`. */
  async fitTransform(x: Table): Promise<Tensor> {
    await this.fit(x);
    return this.transform(x);
  }

  /** The fitted statistics as plain JSON. */
  toJSON(): StandardScalerConfig {
    const { mean, std } = this.fitted('toJSON');
    return { mean: Array.from(mean), std: Array.from(std) };
  }

  /**
   * A fitted scaler from {@link toJSON}'s output.
   *
   * @throws ConfigError when `mean` and `std` are not arrays of one length of finite numbers (std > 0).
   */
  static fromJSON(config: StandardScalerConfig): StandardScaler {
    const ok =
      Array.isArray(config?.mean) && Array.isArray(config.std) && config.mean.length === config.std.length &&
      config.mean.every(Number.isFinite) && config.std.every((s) => Number.isFinite(s) && s > 0);
    if (!ok) {
      throw new ConfigError(`Invalid config for StandardScaler.fromJSON: expected { mean, std } of equal length (std > 0), received ${describeValue(config)}.`);
    }
    const s = new StandardScaler();
    s.mean = Float64Array.from(config.mean);
    s.std = Float64Array.from(config.std);
    return s;
  }
}
