import {
  ConfigError, ShapeError, cast, describeValue, greaterEqual, less, logicalAnd, read, squeeze, type Tensor,
} from '@dl/tensor';

/**
 * Brings sparse labels to the shape of `yPred` without its class axis (a
 * trailing 1 is squeezed) and checks the shapes, from shapes only.
 *
 * @throws ShapeError when the labels do not match `yPred`'s leading dimensions.
 */
export function sparseLabels(yTrue: Tensor, yPred: Tensor, fn: string): Tensor {
  let t = yTrue.dtype === 'float32' ? yTrue : cast(yTrue, 'float32');
  if (t.rank === yPred.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, [-1]);
  const want = yPred.shape.slice(0, -1);
  if (yPred.rank < 1 || t.rank !== want.length || t.shape.some((d, i) => d !== want[i])) {
    throw new ShapeError(
      `Invalid \`yTrue\` for ${fn}: expected class ids of shape [${want.join(',')}] (or [${[...want, 1].join(',')}]) to match \`yPred\` [${yPred.shape.join(',')}], received [${yTrue.shape.join(',')}].`,
    );
  }
  return t;
}

/** On the device: whether each sparse label is an id in [0, numClasses). */
export function labelInRange(t: Tensor, numClasses: number): Tensor {
  return logicalAnd(greaterEqual(t, 0), less(t, numClasses));
}

/** Options of {@link checkSparseLabels}. */
export interface CheckSparseLabelsOptions {
  /** A label value that is allowed although out of range (the loss' `ignoreClass`). */
  ignoreClass?: number;
  /** Who asks, for the message; default `'sparseCategoricalCrossentropy'`. */
  caller?: string;
}

/**
 * Checks that sparse labels are integer class ids in `[0, numClasses)`. It
 * reads the labels from the device, so it is a validation step for data (call it
 * once on a dataset or a first batch), not part of a training step: in a step,
 * an out-of-range label makes the sparse losses return NaN for that sample and
 * the sparse metrics report it when their result is read.
 *
 * @throws ConfigError naming the first bad label and its index.
 * @example
 * ```ts
 * await checkSparseLabels(tensor1d([0, 2, 3]), 3); // throws: received 3 at index 2
 * ```
 */
export async function checkSparseLabels(yTrue: Tensor, numClasses: number, options: CheckSparseLabelsOptions = {}): Promise<void> {
  const caller = options.caller ?? 'sparseCategoricalCrossentropy';
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ConfigError(`Invalid \`numClasses\` for checkSparseLabels: expected a positive integer, received ${describeValue(numClasses)}.`);
  }
  const values = await read(yTrue);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (v === options.ignoreClass) continue;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new ConfigError(
        `Invalid \`yTrue\` for ${caller}: expected integer class ids in [0, ${numClasses})${options.ignoreClass === undefined ? '' : ` or the ignored class ${options.ignoreClass}`}, received ${describeValue(v)} at flat index ${i}.`,
      );
    }
  }
}
