import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { formatShape } from '@dl/layers';

/** Model inputs or targets: one tensor, one per model input/output, or a record by name. */
export type TensorData = Tensor | Tensor[] | Record<string, Tensor>;

/** One batch as a custom `trainStep` receives it. */
export interface Batch {
  /** The inputs: a tensor for a one-input model, else one per input. */
  x: Tensor | Tensor[];
  /** The targets: a tensor for a one-output model, else one per output; undefined when there are none. */
  y: Tensor | Tensor[] | undefined;
  /** Per-sample weights, if any. */
  sampleWeight?: Tensor | undefined;
}

/** A dataset element: `{ x, y }` (or `{ xs, ys }` as tfjs-data yields) or an `[x, y]` pair. */
export type DatasetElement = { x: TensorData; y?: TensorData; sampleWeight?: Tensor } | { xs: TensorData; ys?: TensorData } | [TensorData, TensorData?];

/** A dataset: any (async) iterable of batches; each epoch iterates it again. */
export type Dataset = AsyncIterable<DatasetElement> | Iterable<DatasetElement>;

/** True for an (async) iterable that is not a tensor or an array of tensors. */
export function isDataset(x: unknown): x is Dataset {
  if (x === null || typeof x !== 'object' || x instanceof dl.Tensor || Array.isArray(x)) return false;
  return Symbol.asyncIterator in x || Symbol.iterator in x;
}

/**
 * Orders `data` like `names` (the model's inputs or outputs): a tensor for
 * one name, an array in order, a record by name.
 *
 * @throws ConfigError when the count or the names do not match.
 */
export function toList(data: TensorData, names: string[], what: string, who: string): Tensor[] {
  if (data instanceof dl.Tensor) {
    if (names.length !== 1) throw new ConfigError(`Invalid \`${what}\` for ${who}: expected ${names.length} tensors (${names.join(', ')}), received one tensor.`);
    return [data];
  }
  if (Array.isArray(data)) {
    if (data.length !== names.length || !data.every((t) => t instanceof dl.Tensor)) {
      throw new ConfigError(`Invalid \`${what}\` for ${who}: expected ${names.length} tensors (${names.join(', ')}), received ${describeValue(data)}.`);
    }
    return data;
  }
  if (data !== null && typeof data === 'object') {
    const keys = Object.keys(data);
    const missing = names.filter((n) => !(n in data));
    if (missing.length > 0 || keys.length !== names.length) {
      throw new ConfigError(`Invalid \`${what}\` for ${who}: expected a record with keys ${names.join(', ')}, received keys ${keys.join(', ') || 'none'}.`);
    }
    return names.map((n) => data[n]!);
  }
  throw new ConfigError(`Invalid \`${what}\` for ${who}: expected a Tensor, an array of tensors or a record, received ${describeValue(data)}.`);
}

/** The common number of samples (axis 0) of all arrays; a ShapeError names the ones that differ. */
export function sampleCount(lists: { name: string; tensors: Tensor[] }[], who: string): number {
  let n: number | null = null;
  let first = '';
  for (const { name, tensors } of lists) {
    for (const [i, t] of tensors.entries()) {
      if (t.rank === 0) throw new ShapeError(`Invalid \`${name}\` for ${who}: expected a batch axis, received a scalar.`);
      const m = t.shape[0]!;
      const label = tensors.length > 1 ? `${name}[${i}]` : name;
      if (n === null) {
        n = m;
        first = label;
      } else if (m !== n) {
        throw new ShapeError(`Invalid data for ${who}: \`${first}\` has ${n} samples but \`${label}\` has ${m} (shape ${formatShape(t.shape)}); they must have the same length.`);
      }
    }
  }
  return n ?? 0;
}

/**
 * Throws when a tensor holds NaN, naming the array and the first sample that
 * does (once per fit). A sum over the whole array comes first: it is NaN
 * whenever the array holds a NaN, and finite or ±Infinity for clean data
 * except when infinities of both signs meet (then the per-sample search runs
 * and finds nothing). The sum is one fast reduction; the per-sample flags
 * cost a pass per element and run only for a NaN sum.
 */
export async function assertNoNaN(tensors: Tensor[], name: string, who: string): Promise<void> {
  for (const [i, t] of tensors.entries()) {
    if (t.dtype !== 'float32') continue;
    // Over the batch axis first: on wasm that is one pass of SIMD row additions.
    const total = dl.tidy(() => (t.rank >= 2 ? dl.sum(dl.sum(t, 0)) : dl.sum(t)));
    const [value] = await total.data();
    total.dispose();
    if (!Number.isNaN(value)) continue;
    const perSample = dl.tidy(() => (t.rank > 1 ? dl.any(dl.isNaN(dl.reshape(t, [t.shape[0]!, -1])), 1) : dl.isNaN(t)));
    const flags = await perSample.data();
    perSample.dispose();
    const at = flags.findIndex((f) => f !== 0);
    if (at >= 0) {
      const label = tensors.length > 1 ? `${name}[${i}]` : name;
      throw new ConfigError(
        `Invalid \`${label}\` for ${who}: sample ${at} contains NaN. Clean or impute the data, or pass checkNaN: false to skip this check.`,
      );
    }
  }
}

/** Rows `indices` (or `start..end`) of every tensor. */
export function takeRows(tensors: Tensor[], start: number, end: number, order: Int32Array | null): Tensor[] {
  if (order === null) return tensors.map((t) => dl.slice(t, start, end - start));
  const idx = dl.tensor1d(order.subarray(start, end), 'int32');
  const out = tensors.map((t) => dl.gather(t, idx));
  idx.dispose();
  return out;
}

/** Splits every tensor at `at` along axis 0: [head, tail]. */
export function splitAt(tensors: Tensor[], at: number): [Tensor[], Tensor[]] {
  const head = tensors.map((t) => dl.slice(t, 0, at));
  const tail = tensors.map((t) => dl.slice(t, at, t.shape[0]! - at));
  return [head, tail];
}

/** `x` of a dataset element, its `y` and sample weights. */
export function unpackElement(el: DatasetElement, who: string): { x: TensorData; y: TensorData | undefined; sampleWeight: Tensor | undefined } {
  if (Array.isArray(el)) return { x: el[0], y: el[1], sampleWeight: undefined };
  if (el !== null && typeof el === 'object') {
    if ('x' in el) return { x: el.x, y: el.y, sampleWeight: el.sampleWeight };
    if ('xs' in el) return { x: el.xs, y: el.ys, sampleWeight: undefined };
  }
  throw new ConfigError(`Invalid dataset element for ${who}: expected { x, y }, { xs, ys } or [x, y], received ${describeValue(el)}.`);
}

/** Per-sample weights from `classWeight` (by class index) for integer or one-hot targets. */
export function classWeights(y: Tensor, classWeight: Record<number, number>): Tensor {
  return dl.tidy(() => {
    const labels = y.rank > 1 && y.shape[y.rank - 1]! > 1 ? dl.argMax(y, -1) : dl.cast(dl.reshape(y, [y.shape[0]!]), 'int32');
    const maxClass = Math.max(...Object.keys(classWeight).map(Number), 0);
    const table = new Float32Array(maxClass + 1).fill(1);
    for (const [k, v] of Object.entries(classWeight)) table[Number(k)] = v;
    return dl.gather(dl.tensor1d(table), dl.clipByValue(labels, 0, maxClass));
  });
}
