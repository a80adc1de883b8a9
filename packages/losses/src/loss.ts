import {
  ConfigError, ShapeError, cast, describeValue, div, divNoNan, mean, mul, scalar, sum, tidy, type Tensor,
} from '@dl/tensor';
import { squeezeOrExpand } from './utils';

/**
 * How a {@link Loss} reduces per-sample values to what it returns (Keras'
 * `reduction`, in camelCase): `'sumOverBatchSize'` (the default) and `'mean'`
 * divide the weighted sum by the number of values, `'sum'` returns the weighted
 * sum, `'meanWithSampleWeight'` divides by the sum of the sample weights, and
 * `'none'` returns the weighted per-sample values.
 */
export type Reduction = 'none' | 'sum' | 'sumOverBatchSize' | 'mean' | 'meanWithSampleWeight';

const REDUCTIONS: Record<string, Reduction> = {
  none: 'none', sum: 'sum', sumOverBatchSize: 'sumOverBatchSize', mean: 'mean', meanWithSampleWeight: 'meanWithSampleWeight',
  sum_over_batch_size: 'sumOverBatchSize', mean_with_sample_weight: 'meanWithSampleWeight',
};

/** The options every loss class takes. */
export interface LossArgs {
  /** The loss' name (defaults to Keras' snake_case name, e.g. `'mean_squared_error'`). */
  name?: string;
  /** How per-sample values are reduced; default `'sumOverBatchSize'`. */
  reduction?: Reduction;
}

/** A loss' configuration: what `getConfig()` returns and a constructor accepts. */
export interface LossConfig {
  name: string;
  reduction: Reduction;
  [option: string]: unknown;
}

/** Per-sample values and, where some entries do not count (ignoreClass), their mask. */
export interface MaskedValues {
  values: Tensor;
  mask?: Tensor;
}

/**
 * The base class of every loss (Keras' `keras.losses.Loss`). A subclass writes
 * `call(yTrue, yPred)`, which returns per-sample values; `apply` weights them
 * by the sample weights and reduces them. Register a subclass with
 * `registerLoss` to make it loadable by name.
 *
 * @example
 * ```ts
 * class MeanCube extends Loss {
 *   static readonly className = 'MeanCube';
 *   constructor(args: LossArgs = {}) { super(args, 'mean_cube'); }
 *   call(yTrue: Tensor, yPred: Tensor) { return mean(pow(abs(sub(yPred, yTrue)), 3), -1); }
 * }
 * ```
 */
export abstract class Loss {
  /** The class name under which the loss is serialized; every subclass sets its own. */
  static readonly className: string = 'Loss';
  readonly name: string;
  readonly reduction: Reduction;

  /**
   * @throws ConfigError for an unknown `reduction`.
   */
  constructor(args: LossArgs, defaultName: string) {
    this.name = args.name ?? defaultName;
    const r = REDUCTIONS[String(args.reduction ?? 'sumOverBatchSize')];
    if (r === undefined) {
      throw new ConfigError(
        `Invalid \`reduction\` for loss "${this.name}": expected one of "none", "sum", "sumOverBatchSize", "mean", "meanWithSampleWeight", received ${describeValue(args.reduction)}.`,
      );
    }
    this.reduction = r;
  }

  /** Per-sample loss values (usually the shape of `yPred` without its last axis). */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /** `call` plus a mask of the entries that count; only masking losses override it. */
  callWithMask(yTrue: Tensor, yPred: Tensor): MaskedValues {
    return { values: this.call(yTrue, yPred) };
  }

  /**
   * The loss as Keras' `loss(y_true, y_pred, sample_weight)` computes it:
   * per-sample values, times the sample weights, reduced.
   *
   * @param sampleWeight A weight per sample (shape `[batch]`, or broadcastable to the per-sample values).
   * @throws ShapeError when labels, predictions or weights have incompatible shapes.
   */
  apply(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Tensor {
    return tidy(() => {
      if (sampleWeight === undefined && (this.reduction === 'sumOverBatchSize' || this.reduction === 'mean')) {
        const fused = this.callMean(yTrue, yPred);
        if (fused !== null) return fused;
      }
      const { values, mask } = this.callWithMask(yTrue, yPred);
      return reduceWeightedValues(values, { sampleWeight, mask, reduction: this.reduction });
    });
  }

  /**
   * The unweighted mean of `call`'s values over every entry, as one op with
   * its own gradient, for losses that have such a form (mean squared error);
   * null (the default) when the loss has none, and `apply` reduces `call`'s
   * values itself. `apply` uses it for the `'sumOverBatchSize'` and `'mean'`
   * reductions without sample weights: a training step then records one tape
   * node for the loss instead of the per-sample op, the mean and their
   * gradients. It must equal `mean(call(yTrue, yPred))`.
   */
  protected callMean(_yTrue: Tensor, _yPred: Tensor): Tensor | null {
    return null;
  }

  /** The class name this loss serializes under. */
  get className(): string {
    return (this.constructor as typeof Loss).className;
  }

  /** The loss' configuration: `new (cls)(loss.getConfig())` rebuilds it. */
  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction };
  }
}

/** Options of {@link reduceWeightedValues}. */
export interface ReduceOptions {
  sampleWeight?: Tensor | undefined;
  mask?: Tensor | undefined;
  reduction?: Reduction;
}

/**
 * Weights per-sample loss values and reduces them, as Keras'
 * `reduce_weighted_values` does (a mask rescales the weights so that a mean
 * counts only the valid entries).
 *
 * @throws ShapeError when the weights do not broadcast to the values.
 */
export function reduceWeightedValues(values: Tensor, options: ReduceOptions = {}): Tensor {
  const reduction = options.reduction ?? 'sumOverBatchSize';
  return tidy(() => {
    let weight = options.sampleWeight === undefined ? undefined : cast(options.sampleWeight, 'float32');
    let v = values;
    if (options.mask !== undefined) {
      let m = cast(options.mask, 'float32');
      if (reduction === 'mean' || reduction === 'sumOverBatchSize') {
        // Valid entries weigh total/valid, so a mean over all entries is a mean over the valid ones.
        const valid = sum(m);
        m = mul(m, divNoNan(scalar(m.size), valid));
      }
      if (weight !== undefined) {
        const [mm, ww] = squeezeOrExpand(m, weight);
        weight = mul(ww, mm);
      } else {
        weight = m;
      }
    }
    if (weight !== undefined) {
      [v, weight] = squeezeOrExpand(v, weight);
      checkBroadcast(weight.shape, v.shape);
      v = mul(v, weight);
    }
    if (reduction === 'none' || v.rank === 0) return v;
    // Unweighted: one Mean kernel (and its gradient) instead of a sum, a division and theirs.
    if (weight === undefined && (reduction === 'sumOverBatchSize' || reduction === 'mean')) return v.size > 0 ? mean(v) : scalar(0);
    const total = sum(v);
    if (reduction === 'sum') return total;
    if (reduction === 'meanWithSampleWeight' && weight !== undefined) {
      return divNoNan(total, sum(weight));
    }
    return v.size > 0 ? div(total, v.size) : scalar(0);
  });
}

function checkBroadcast(weight: readonly number[], values: readonly number[]): void {
  const ok = weight.length <= values.length
    && weight.every((d, i) => d === 1 || d === values[values.length - weight.length + i]);
  if (!ok) {
    throw new ShapeError(
      `Invalid \`sampleWeight\`: expected a shape that broadcasts to the per-sample losses [${values.join(',')}] (e.g. [${values[0] ?? ''}]), received [${weight.join(',')}].`,
    );
  }
}
