import { ConfigError, add, describeValue, mul, sub, tensor1d, tidy, type Tensor } from '@dl/tensor';
import { checkFeatures, checkNoMissing, checkNotEmpty, readMatrix, toTensor, type Table } from './matrix';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The target range `[lo, hi]` (default `[0, 1]`). */
  featureRange?: [number, number];
}

/** The fitted state of a {@link MinMaxScaler}, plain JSON. */
export interface MinMaxScalerConfig {
  featureRange: [number, number];
  /** Per-feature minimum of the training data. */
  dataMin: number[];
  /** Per-feature maximum of the training data. */
  dataMax: number[];
}

/**
 * Min-max scaling fitted on the training data: each feature is mapped linearly from its
 * training `[min, max]` to `featureRange` (default `[0, 1]`), as scikit-learn's
 * `MinMaxScaler`. A constant feature (max = min) is divided by 1. Test data may fall
 * outside the range; it is not clipped.
 *
 * @example
 * ```ts
 * import { MinMaxScaler } from '@dl/preprocessing';
 * const scaler = await new MinMaxScaler().fit([[0, 10], [5, 20]]);
 * scaler.transform([[2.5, 15]]); // [[0.5, 0.5]]
 * ```
 */
export class MinMaxScaler {
  readonly featureRange: [number, number];
  /** Per-feature training minimum (undefined until fitted). */
  dataMin: Float64Array | undefined;
  /** Per-feature training maximum (undefined until fitted). */
  dataMax: Float64Array | undefined;

  /**
   * @param options `featureRange`.
   * @throws ConfigError unless `featureRange` is two finite numbers, lo < hi.
   */
  constructor(options: MinMaxScalerOptions = {}) {
    const r = options.featureRange ?? [0, 1];
    if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite) || !(r[0] < r[1])) {
      throw new ConfigError(`Invalid \`featureRange\` for MinMaxScaler: expected [lo, hi] with lo < hi, received ${describeValue(r)}.`);
    }
    this.featureRange = [r[0], r[1]];
  }

  /**
   * Computes each feature's minimum and maximum (reads x to the host).
   *
   * @throws ConfigError for empty data, or data with NaN or infinities (impute first).
   */
  async fit(x: Table): Promise<this> {
    const where = 'MinMaxScaler.fit';
    const m = await readMatrix(x, where);
    checkNotEmpty(m, where);
    checkNoMissing(m, where);
    const lo = new Float64Array(m.cols).fill(Infinity);
    const hi = new Float64Array(m.cols).fill(-Infinity);
    for (let i = 0; i < m.data.length; i++) {
      const j = i % m.cols;
      const v = m.data[i]!;
      if (v < lo[j]!) lo[j] = v;
      if (v > hi[j]!) hi[j] = v;
    }
    this.dataMin = lo;
    this.dataMax = hi;
    return this;
  }

  private scaleAndMin(where: string): { scale: number[]; min: number[] } {
    if (this.dataMin === undefined || this.dataMax === undefined) {
      throw new ConfigError(`MinMaxScaler is not fitted: call \`await scaler.fit(trainData)\` before ${where}.`);
    }
    const [a, b] = this.featureRange;
    const lo = this.dataMin;
    const hi = this.dataMax;
    const scale = Array.from(lo, (l, j) => (b - a) / (hi[j]! - l === 0 ? 1 : hi[j]! - l));
    const min = Array.from(lo, (l, j) => a - l * scale[j]!);
    return { scale, min };
  }

  /**
   * `x * scale + min` where `scale = (hi - lo) / (dataMax - dataMin)`, `min = lo - dataMin * scale`.
   *
   * @returns A float32 tensor of x's shape.
   * @throws ConfigError when not fitted, or x has another number of features.
   */
  transform(x: Table): Tensor {
    const { scale, min } = this.scaleAndMin('transform');
    return tidy(() => {
      const t = toTensor(x);
      checkFeatures(t, scale.length, 'MinMaxScaler.transform');
      return add(mul(t, tensor1d(scale)), tensor1d(min));
    });
  }

  /** Undoes {@link transform}. */
  inverseTransform(x: Table): Tensor {
    const { scale, min } = this.scaleAndMin('inverseTransform');
    return tidy(() => {
      const t = toTensor(x);
      checkFeatures(t, scale.length, 'MinMaxScaler.inverseTransform');
      return mul(sub(t, tensor1d(min)), tensor1d(scale.map((s) => 1 / s)));
    });
  }

  /** `fit(x)` then `transform(x)`. */
  async fitTransform(x: Table): Promise<Tensor> {
    await this.fit(x);
    return this.transform(x);
  }

  /** The fitted state as plain JSON. */
  toJSON(): MinMaxScalerConfig {
    this.scaleAndMin('toJSON');
    return { featureRange: [...this.featureRange], dataMin: Array.from(this.dataMin!), dataMax: Array.from(this.dataMax!) };
  }

  /**
   * A fitted scaler from {@link toJSON}'s output.
   *
   * @throws ConfigError when `dataMin` / `dataMax` are not finite arrays of one length.
   */
  static fromJSON(config: MinMaxScalerConfig): MinMaxScaler {
    const ok = Array.isArray(config?.dataMin) && Array.isArray(config.dataMax) && config.dataMin.length === config.dataMax.length &&
      config.dataMin.every(Number.isFinite) && config.dataMax.every(Number.isFinite);
    if (!ok) {
      throw new ConfigError(`Invalid config for MinMaxScaler.fromJSON: expected { featureRange, dataMin, dataMax }, received ${describeValue(config)}.`);
    }
    const s = new MinMaxScaler({ featureRange: config.featureRange });
    s.dataMin = Float64Array.from(config.dataMin);
    s.dataMax = Float64Array.from(config.dataMax);
    return s;
  }
}
