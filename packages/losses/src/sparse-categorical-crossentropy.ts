import {
  ConfigError, cast, describeValue, expandDims, logicalNot, logicalOr, mul, neg, notEqual, oneHot, scalar, sum, tidy, where, type Tensor,
} from '@dl/tensor';
import { logProbabilities } from './categorical-crossentropy';
import { Loss, type LossArgs, type LossConfig, type MaskedValues } from './loss';
import { labelInRange, sparseLabels } from './sparse-labels';

/** Options of {@link sparseCategoricalCrossentropy}. */
export interface SparseCategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities; default false. */
  fromLogits?: boolean;
  /** A label value (e.g. padding) whose samples count neither in the loss nor in its mean. */
  ignoreClass?: number | null;
  /** The class axis; only -1 (the last) is supported, as in Keras' reference backend. */
  axis?: number;
}

function checkOptions(options: SparseCategoricalCrossentropyOptions, owner: string): void {
  if (options.axis !== undefined && options.axis !== -1) {
    throw new ConfigError(`Invalid \`axis\` for ${owner}: expected -1 (classes on the last axis), received ${describeValue(options.axis)}. Transpose the predictions first.`);
  }
  if (options.ignoreClass != null && !Number.isInteger(options.ignoreClass)) {
    throw new ConfigError(`Invalid \`ignoreClass\` for ${owner}: expected an integer, received ${describeValue(options.ignoreClass)}.`);
  }
}

/** Per-sample values and the mask of non-ignored samples. */
export function sparseCategoricalCrossentropyMasked(
  yTrue: Tensor, yPred: Tensor, options: SparseCategoricalCrossentropyOptions = {},
): MaskedValues {
  checkOptions(options, 'sparseCategoricalCrossentropy');
  return tidy(() => {
    let p = yPred.dtype === 'float32' ? yPred : cast(yPred, 'float32');
    let t = sparseLabels(yTrue, p, 'sparseCategoricalCrossentropy');
    const numClasses = p.shape[p.rank - 1] ?? 1;
    let valid: Tensor | undefined;
    if (options.ignoreClass != null) {
      // As Keras: ignored samples get label 0 and zero predictions, then a loss of 0 and no weight.
      valid = notEqual(t, options.ignoreClass);
      const v = cast(valid, 'float32');
      t = mul(t, v);
      p = mul(p, expandDims(v, -1));
    }
    const inRange = labelInRange(t, numClasses);
    const ids = cast(where(inRange, t, 0), 'int32');
    let values = neg(sum(mul(oneHot(ids, numClasses), logProbabilities(p, -1, options.fromLogits ?? false)), -1));
    // An id outside [0, numClasses) poisons its sample with NaN (no device read to raise here).
    values = where(valid === undefined ? inRange : logicalOr(inRange, logicalNot(valid)), values, scalar(Number.NaN));
    if (valid !== undefined) {
      values = where(valid, values, 0);
      return { values, mask: valid };
    }
    return { values };
  });
}

/**
 * Categorical crossentropy with integer labels (class ids) instead of one-hot
 * ones. With `ignoreClass`, samples with that label give 0 and are left out of
 * the mean when reduced by {@link SparseCategoricalCrossentropy}.
 *
 * Labels are checked against `yPred`'s shape at once; their values are not read
 * (that would stall every step): a label outside `[0, numClasses)` gives NaN for
 * its sample. Validate data up front with {@link checkSparseLabels}.
 *
 * @param yTrue Class ids, shape `[batch, ...]` or `[batch, ..., 1]`.
 * @param yPred Probabilities or logits, shape `[batch, ..., classes]`.
 * @returns Per-sample losses, shape `[batch, ...]`.
 * @throws ShapeError when the shapes do not match; ConfigError for an `axis` other than -1.
 * @example
 * ```ts
 * sparseCategoricalCrossentropy(tensor1d([1]), tensor2d([[0.05, 0.95, 0]])); // [0.0513]
 * ```
 */
export function sparseCategoricalCrossentropy(
  yTrue: Tensor, yPred: Tensor, options: SparseCategoricalCrossentropyOptions = {},
): Tensor {
  return sparseCategoricalCrossentropyMasked(yTrue, yPred, options).values;
}

/** Arguments of {@link SparseCategoricalCrossentropy}. */
export interface SparseCategoricalCrossentropyArgs extends LossArgs, SparseCategoricalCrossentropyOptions {}

/**
 * The class form of {@link sparseCategoricalCrossentropy} (Keras'
 * `SparseCategoricalCrossentropy`); with `ignoreClass`, the mean counts only
 * the samples that are not ignored.
 *
 * @example
 * ```ts
 * new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 0 }).apply(ids, logits);
 * ```
 */
export class SparseCategoricalCrossentropy extends Loss {
  static override readonly className = 'SparseCategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;
  constructor(args: SparseCategoricalCrossentropyArgs = {}) {
    super(args, 'sparse_categorical_crossentropy');
    checkOptions(args, 'SparseCategoricalCrossentropy');
    this.fromLogits = args.fromLogits ?? false;
    this.ignoreClass = args.ignoreClass ?? null;
  }

  private options(): SparseCategoricalCrossentropyOptions {
    return this.ignoreClass === null ? { fromLogits: this.fromLogits } : { fromLogits: this.fromLogits, ignoreClass: this.ignoreClass };
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, this.options());
  }

  override callWithMask(yTrue: Tensor, yPred: Tensor): MaskedValues {
    return sparseCategoricalCrossentropyMasked(yTrue, yPred, this.options());
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass };
  }
}
