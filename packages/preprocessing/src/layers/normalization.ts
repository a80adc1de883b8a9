import {
  ConfigError, add, any, describeValue, div, isNaN as isNaNOp, maximum, moments, mul, readScalar, reshape, sqrt, square, sub, tensor, tidy, type Tensor,
} from '@dl/tensor';
import { Layer, type LayerArgs, type LayerConfig, type LayerWeight, type Shape } from '@dl/layers';
import { forEachBatch, type AdaptData } from './common';

/** Arguments of {@link Normalization}. */
export interface NormalizationArgs extends LayerArgs {
  /** The axis (or axes) that keep separate statistics (default -1: per feature); null: one mean and variance for everything. */
  axis?: number | number[] | null;
  /** A fixed mean instead of `adapt` (broadcastable to the kept axes). */
  mean?: number | number[] | null;
  /** A fixed variance, with `mean`. */
  variance?: number | number[] | null;
  /** Undo the normalization instead: `mean + x * sqrt(variance)` (default false). */
  invert?: boolean;
}

const EPSILON = 1e-7;

/**
 * Feature-wise normalization as a layer, as Keras' `Normalization` (the book's tabular
 * and timeseries examples): `(x - mean) / max(sqrt(variance), 1e-7)`, with the mean and
 * variance given or learned by `adapt` over every axis but `axis`.
 *
 * Adapted statistics are non-trainable weights (`mean`, `variance`), so they are saved
 * and loaded with the model's weights; given ones are in the config.
 *
 * Input: any float tensor whose kept axes match. Output: the same shape, float32.
 *
 * @example
 * ```ts
 * import { tensor2d } from '@dl/tensor';
 * import { Normalization } from '@dl/preprocessing';
 * const norm = new Normalization();
 * await norm.adapt(tensor2d([[0, 10], [2, 30]]));
 * norm.apply(tensor2d([[1, 20]])); // [[0, 0]]
 * ```
 */
export class Normalization extends Layer {
  static override readonly className: string = 'Normalization';
  readonly axis: number[] | null;
  readonly invert: boolean;
  private readonly givenMean: number | number[] | null;
  private readonly givenVariance: number | number[] | null;
  private meanWeight: LayerWeight | null = null;
  private varianceWeight: LayerWeight | null = null;
  private keptShape: number[] = [];
  private adapted = false;

  /**
   * @param args `axis` (-1), `mean`, `variance`, `invert`, and the Layer arguments.
   * @throws ConfigError when only one of `mean` / `variance` is given, or for a non-integer axis.
   */
  constructor(args: NormalizationArgs = {}) {
    super(args);
    const who = this.label;
    const axis = args.axis === undefined ? [-1] : args.axis === null ? null : Array.isArray(args.axis) ? args.axis : [args.axis];
    if (axis !== null && !axis.every((a) => Number.isInteger(a))) {
      throw new ConfigError(`Invalid \`axis\` for ${who}: expected an integer, a list of integers or null, received ${describeValue(args.axis)}.`);
    }
    this.axis = axis;
    this.invert = args.invert ?? false;
    this.givenMean = args.mean ?? null;
    this.givenVariance = args.variance ?? null;
    if ((this.givenMean === null) !== (this.givenVariance === null)) {
      throw new ConfigError(`Invalid arguments for ${who}: \`mean\` and \`variance\` go together, received mean ${describeValue(args.mean)} and variance ${describeValue(args.variance)}.`);
    }
  }

  private keptAxes(rank: number, where: string): number[] {
    if (this.axis === null) return [];
    return this.axis.map((a) => {
      const k = a < 0 ? rank + a : a;
      if (k < 0 || k >= rank) throw new ConfigError(`Invalid \`axis\` ${a} for ${where}: the input has rank ${rank}.`);
      if (k === 0 && rank > 1) throw new ConfigError(`Invalid \`axis\` for ${where}: the batch axis 0 cannot keep separate statistics.`);
      return k;
    });
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const kept = this.keptAxes(shape.length, this.label);
    this.keptShape = kept.map((k) => {
      const d = shape[k];
      if (d == null) throw new ConfigError(`Invalid input shape for ${this.label}: axis ${k} keeps statistics, so its size must be known, received [${shape.join(',')}].`);
      return d;
    });
    if (this.givenMean === null) {
      this.meanWeight = this.addWeight('mean', { shape: this.keptShape, initializer: 'zeros', trainable: false });
      this.varianceWeight = this.addWeight('variance', { shape: this.keptShape, initializer: 'ones', trainable: false });
    }
    super.build(inputShape);
  }

  /**
   * Computes the mean and variance of the data (batches are combined exactly, with
   * Chan's parallel formula).
   *
   * @throws ConfigError on empty data, NaN in the data, a layer built with fixed
   *   statistics, or batches whose kept axes differ.
   */
  async adapt(data: AdaptData): Promise<void> {
    const where = `${this.label}.adapt`;
    if (this.givenMean !== null) throw new ConfigError(`Cannot adapt ${this.label}: it was built with a fixed \`mean\` and \`variance\`.`);
    let count = 0;
    let mean: Tensor | null = null;
    let m2: Tensor | null = null;
    try {
      await forEachBatch(data, where, async (raw) => {
        if (await readScalar(tidy(() => any(isNaNOp(raw))))) {
          throw new ConfigError(`Invalid data for ${where}: expected numbers, received NaN; fill missing values first (SimpleImputer).`);
        }
        const kept = this.keptAxes(raw.rank, where);
        const reduce = Array.from({ length: raw.rank }, (_, i) => i).filter((i) => !kept.includes(i));
        if (!this.built) this.build(raw.shape);
        const shape = kept.map((k) => raw.shape[k]!);
        if (shape.some((d, i) => d !== this.keptShape[i])) {
          throw new ConfigError(`Invalid data for ${where}: expected kept axes of sizes [${this.keptShape.join(',')}], received shape [${raw.shape.join(',')}].`);
        }
        const n = reduce.reduce((p, i) => p * raw.shape[i]!, 1);
        const next = tidy(() => {
          const x = raw.dtype === 'float32' ? raw : add(raw, 0);
          const mom = moments(x, reduce.length === 0 ? undefined : reduce);
          const bm = reshape(mom.mean, this.keptShape);
          const bv = reshape(mom.variance, this.keptShape);
          if (mean === null || m2 === null) return { mean: bm, m2: mul(bv, n) };
          const total = count + n;
          const delta = sub(bm, mean);
          return { mean: add(mean, mul(delta, n / total)), m2: add(add(m2, mul(bv, n)), mul(square(delta), (count * n) / total)) };
        });
        mean?.dispose();
        m2?.dispose();
        mean = next.mean;
        m2 = next.m2;
        count += n;
      });
      const m = mean as Tensor | null;
      const v = m2 as Tensor | null;
      if (m !== null && v !== null) {
        this.meanWeight!.assign(m);
        tidy(() => this.varianceWeight!.assign(div(v, count)));
        this.adapted = true;
      }
    } finally {
      (mean as Tensor | null)?.dispose();
      (m2 as Tensor | null)?.dispose();
    }
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tidy(() => {
      const kept = this.keptAxes(x.rank, this.label);
      const bshape = x.shape.map((d, i) => (kept.includes(i) ? d : 1));
      let mean: Tensor;
      let variance: Tensor;
      if (this.givenMean !== null) {
        mean = tensor(this.givenMean as number[]);
        variance = tensor(this.givenVariance as number[]);
        if (mean.size > 1) {
          mean = reshape(mean, bshape);
          variance = reshape(variance, bshape);
        }
      } else {
        mean = reshape(this.meanWeight!.value, bshape);
        variance = reshape(this.varianceWeight!.value, bshape);
      }
      const std = maximum(sqrt(variance), EPSILON);
      return this.invert ? add(mean, mul(x, std)) : div(sub(x, mean), std);
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  /** Whether `adapt` has run (or statistics were given). */
  get isAdapted(): boolean {
    return this.adapted || this.givenMean !== null;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis, invert: this.invert, mean: this.givenMean, variance: this.givenVariance };
  }

  static override fromConfig(config: LayerConfig): Normalization {
    return new Normalization(config as unknown as NormalizationArgs);
  }
}
