import { ConfigError, Tensor, describeValue, gather, reshape, shuffle, tensor, tensor1d, tidy, type TensorLike } from '@dl/tensor';
import { checkInt, withSeed } from '../checks';

/** One batch: inputs `x` and, when targets were given, `y` (what `@dl/models`' fit takes). The caller disposes them. */
export interface Batch {
  x: Tensor;
  y?: Tensor;
}

/** Options of {@link timeseriesDatasetFromArray}; the defaults are Keras'. */
export interface TimeseriesOptions {
  /** Timesteps per window (required). */
  sequenceLength: number;
  /** Steps between the starts of successive windows (default 1). */
  sequenceStride?: number;
  /** Steps between successive timesteps inside a window (default 1). */
  samplingRate?: number;
  /** Windows per batch (default 128). */
  batchSize?: number;
  /** Shuffle the windows (default false). */
  shuffle?: boolean;
  /** A seed for the shuffle (default: dl's global stream). */
  seed?: number;
  /** First timestep used (default 0). */
  startIndex?: number;
  /** Timesteps at or after this index are not used (default: the data's length). */
  endIndex?: number;
}

/**
 * Batches of sliding windows over a timeseries, as an iterable; `length` batches,
 * iterable any number of times (each pass makes new tensors, which the caller disposes).
 */
export interface TimeseriesDataset extends Iterable<Batch> {
  /** Number of batches per pass. */
  readonly length: number;
  /** Number of windows. */
  readonly numSamples: number;
  /** The start row of each window, in the order the batches use. */
  readonly startPositions: Int32Array;
  /** Frees the copies of `data` and `targets` that the dataset holds. */
  dispose(): void;
}

/**
 * Sliding windows over a timeseries, batched, as Keras' `timeseries_dataset_from_array`
 * (the book's temperature-forecasting example).
 *
 * Window `i` starts at row `startIndex + p_i` with `p_i = i * sequenceStride` and takes
 * rows `p, p + samplingRate, ...` (`sequenceLength` of them); its target is
 * `targets[startIndex + p_i]`. There are
 * `endIndex - startIndex - (sequenceLength - 1) * samplingRate` candidate starts (no more
 * than `targets.length`). With `shuffle` the start positions are shuffled with dl's
 * seeded stream (Keras also reshuffles inside a buffer; here one permutation is used
 * for every pass).
 *
 * @param data Timesteps on the first axis: a Tensor or nested arrays.
 * @param targets `targets[i]` belongs to the window that starts at `i`, or `null`.
 * @param options `sequenceLength` (required), `sequenceStride`, `samplingRate`, `batchSize`, `shuffle`, `seed`, `startIndex`, `endIndex`.
 * @returns A {@link TimeseriesDataset}: batches `{ x: [b, sequenceLength, ...features], y }`.
 * @throws ConfigError for non-positive lengths, strides or rates, or indices out of range.
 * @example
 * ```ts
 * import { timeseriesDatasetFromArray } from '@dl/preprocessing';
 * const ds = timeseriesDatasetFromArray([0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15], { sequenceLength: 3, batchSize: 2 });
 * // 4 windows in 2 batches: x [[0,1,2],[1,2,3]] with y [10, 11], then [[2,3,4],[3,4,5]] with [12, 13]
 * ```
 */
export function timeseriesDatasetFromArray(
  data: Tensor | TensorLike,
  targets: Tensor | TensorLike | null,
  options: TimeseriesOptions,
): TimeseriesDataset {
  const where = 'timeseriesDatasetFromArray';
  const sequenceLength = checkInt(options?.sequenceLength, 'sequenceLength', where, 1);
  const stride = checkInt(options.sequenceStride ?? 1, 'sequenceStride', where, 1);
  const rate = checkInt(options.samplingRate ?? 1, 'samplingRate', where, 1);
  const batchSize = checkInt(options.batchSize ?? 128, 'batchSize', where, 1);
  const dataT = tidy(() => (data instanceof Tensor ? (data.dtype === 'string' ? data : data.clone()) : tensor(data)));
  const len = dataT.shape[0];
  if (len === undefined) {
    dataT.dispose();
    throw new ConfigError(`Invalid \`data\` for ${where}: expected rank >= 1 (time on the first axis), received a scalar.`);
  }
  let targetsT: Tensor | null = null;
  const fail = (message: string): never => {
    dataT.dispose();
    targetsT?.dispose();
    throw new ConfigError(message);
  };
  const startIndex = options.startIndex ?? 0;
  const endIndex = options.endIndex ?? len;
  if (!Number.isInteger(startIndex) || startIndex < 0 || startIndex >= len) {
    fail(`Invalid \`startIndex\` for ${where}: expected an integer in [0, ${len}), received ${describeValue(startIndex)}.`);
  }
  if (!Number.isInteger(endIndex) || endIndex <= startIndex || endIndex > len) {
    fail(`Invalid \`endIndex\` for ${where}: expected an integer in (${startIndex}, ${len}], received ${describeValue(endIndex)}.`);
  }
  if (targets !== null) {
    targetsT = tidy(() => (targets instanceof Tensor ? targets.clone() : tensor(targets)));
  }
  let numSeqs = endIndex - startIndex - (sequenceLength - 1) * rate;
  if (targetsT !== null) numSeqs = Math.min(numSeqs, (targetsT.shape[0] ?? 0) - startIndex);
  if (numSeqs <= 0) {
    fail(`Invalid \`sequenceLength\` for ${where}: a window of ${sequenceLength} steps at sampling rate ${rate} needs ${(sequenceLength - 1) * rate + 1} timesteps, received ${endIndex - startIndex} (and ${targetsT?.shape[0] ?? 'no'} targets).`);
  }
  const starts: number[] = [];
  for (let p = 0; p < numSeqs; p += stride) starts.push(p);
  const startPositions = Int32Array.from(starts);
  if (options.shuffle ?? false) withSeed(options.seed, where, () => shuffle(startPositions));
  const numSamples = startPositions.length;
  const length = Math.ceil(numSamples / batchSize);
  const ds: TimeseriesDataset = {
    length,
    numSamples,
    startPositions,
    *[Symbol.iterator](): Iterator<Batch> {
      for (let b = 0; b < length; b++) {
        const batch = startPositions.subarray(b * batchSize, Math.min(numSamples, (b + 1) * batchSize));
        const rows = new Int32Array(batch.length * sequenceLength);
        batch.forEach((p, i) => {
          for (let t = 0; t < sequenceLength; t++) rows[i * sequenceLength + t] = startIndex + p + t * rate;
        });
        const out: Batch = tidy(() => {
          const xs = gather(dataT, tensor1d(rows, 'int32'), 0);
          const r: { x: Tensor; y?: Tensor } = { x: reshape(xs, [batch.length, sequenceLength, ...dataT.shape.slice(1)]) };
          if (targetsT !== null) r.y = gather(targetsT, tensor1d(Array.from(batch, (p) => startIndex + p), 'int32'), 0);
          return r;
        });
        yield out;
      }
    },
    dispose(): void {
      dataT.dispose();
      targetsT?.dispose();
    },
  };
  return ds;
}
