// Shared pieces of the preprocessing layers (internal).
import { ConfigError, Tensor, cast, describeValue, expandDims, max, mul, oneHot, squeeze, sum, tensor, tidy, type TensorLike } from '@dl/tensor';

/**
 * What `adapt` takes: one batch (a Tensor, or nested arrays of numbers or strings), or an
 * iterable / async iterable of batches (a dataset).
 */
export type AdaptData = Tensor | TensorLike | Iterable<Tensor | TensorLike> | AsyncIterable<Tensor | TensorLike>;

function isBatchList(x: unknown): x is Iterable<Tensor | TensorLike> | AsyncIterable<Tensor | TensorLike> {
  if (x === null || typeof x !== 'object' || x instanceof Tensor) return false;
  if (Array.isArray(x)) return x.length > 0 && x.every((b) => b instanceof Tensor);
  if (ArrayBuffer.isView(x)) return false;
  return Symbol.asyncIterator in x || Symbol.iterator in x;
}

/**
 * Calls `fn` on each batch of `data` as a Tensor (tensors it made are disposed after).
 * @throws ConfigError when there is no batch or only empty ones ("adapt on empty data").
 */
export async function forEachBatch(data: AdaptData, where: string, fn: (batch: Tensor) => Promise<void> | void): Promise<void> {
  let seen = 0;
  const visit = async (b: Tensor | TensorLike): Promise<void> => {
    const own = !(b instanceof Tensor);
    let t: Tensor;
    try {
      t = b instanceof Tensor ? b : tensor(b as TensorLike);
    } catch (e) {
      throw new ConfigError(`Invalid data for ${where}: expected a Tensor, an array of numbers or strings, or batches of them, received ${describeValue(b)}.`, { cause: e });
    }
    try {
      if (t.size > 0) {
        seen += t.size;
        await fn(t);
      }
    } finally {
      if (own) t.dispose();
    }
  };
  if (isBatchList(data)) {
    if (Symbol.asyncIterator in (data as object)) for await (const b of data as AsyncIterable<Tensor | TensorLike>) await visit(b);
    else for (const b of data as Iterable<Tensor | TensorLike>) await visit(b);
  } else await visit(data as Tensor | TensorLike);
  if (seen === 0) {
    throw new ConfigError(`Invalid data for ${where}: expected at least one value to adapt on, received empty data.`);
  }
}

/**
 * The strings of a string tensor, on the host. String tensors live in host memory on
 * every backend (tfjs keeps their bytes in JS), so this read is synchronous and safe on
 * WebGPU too, unlike `dataSync` on numbers.
 */
export function stringsOf(t: Tensor, where: string): string[] {
  if (t.dtype !== 'string') {
    throw new ConfigError(`Invalid input for ${where}: expected a string tensor, received ${describeValue(t)}.`);
  }
  // eslint-disable-next-line no-restricted-properties -- string tensors are host memory on every backend
  return t.dataSync() as unknown as string[];
}

/** Output modes of the categorical layers, in dl's camelCase (Keras' snake_case accepted). */
export type OutputMode = 'int' | 'oneHot' | 'multiHot' | 'count' | 'tfIdf';

const MODE_ALIASES: Record<string, OutputMode> = {
  int: 'int', oneHot: 'oneHot', one_hot: 'oneHot', multiHot: 'multiHot', multi_hot: 'multiHot', binary: 'multiHot',
  count: 'count', tfIdf: 'tfIdf', tf_idf: 'tfIdf', 'tf-idf': 'tfIdf',
};

/** Parses an output mode, accepting Keras' snake_case names. */
export function outputModeOf(value: unknown, allowed: readonly OutputMode[], who: string): OutputMode {
  const m = typeof value === 'string' ? MODE_ALIASES[value] : undefined;
  if (m === undefined || !allowed.includes(m)) {
    throw new ConfigError(`Invalid \`outputMode\` for ${who}: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, received ${describeValue(value)}.`);
  }
  return m;
}

/**
 * Keras' `encode_categorical_inputs` on int32 indices: one-hot per element (a trailing
 * axis of 1 is replaced), or multi-hot / counts over the last axis; `weights` multiply
 * the counts (count weights or idf). Indices outside [0, depth) contribute nothing.
 */
export function encodeCategorical(indices: Tensor, mode: Exclude<OutputMode, 'int'>, depth: number, weights?: { perValue?: Tensor; perToken?: Tensor }): Tensor {
  return tidy(() => {
    let idx = indices.dtype === 'int32' ? indices : cast(indices, 'int32');
    if (idx.rank === 0) idx = expandDims(idx, 0);
    if (mode === 'oneHot') {
      if (idx.rank > 1 && idx.shape[idx.rank - 1] === 1) idx = squeeze(idx, [idx.rank - 1]);
      return oneHot(idx, depth, 1, 0, 'float32');
    }
    let hot = oneHot(idx, depth, 1, 0, 'float32');
    if (mode === 'multiHot') return max(hot, -2);
    if (weights?.perValue !== undefined) hot = mul(hot, expandDims(weights.perValue, -1));
    const counts = sum(hot, -2);
    return weights?.perToken === undefined ? counts : mul(counts, weights.perToken);
  });
}

/** The output shape of {@link encodeCategorical} for an input shape. */
export function encodedShape<S extends (number | null)[]>(shape: S, mode: OutputMode, depth: number): (number | null)[] {
  if (mode === 'int') return shape;
  if (shape.length === 0) return [depth];
  if (mode === 'oneHot') return shape.length > 1 && shape[shape.length - 1] === 1 ? [...shape.slice(0, -1), depth] : [...shape, depth];
  return [...shape.slice(0, -1), depth];
}
