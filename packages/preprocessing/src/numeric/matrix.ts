// Host-side tables for the fitted transforms (internal).
import { ConfigError, Tensor, cast, describeValue, read, tensor, type TensorLike } from '@dl/tensor';

/** A table of numbers: a `Tensor`, nested arrays (`number[][]`), or a flat `number[]` (one feature). */
export type Table = Tensor | TensorLike;

/** Samples x features, row-major, with the input's original shape. */
export interface HostMatrix {
  data: Float64Array | Float32Array | Int32Array;
  rows: number;
  cols: number;
  shape: number[];
}

/** A float32 Tensor from a Table (call inside `tidy`: it may allocate). */
export function toTensor(x: Table): Tensor {
  if (x instanceof Tensor) return x.dtype === 'float32' ? x : cast(x, 'float32');
  return tensor(x as TensorLike, undefined, 'float32');
}

/** Reads a table to the host: features on the last axis, statistics over all other axes. */
export async function readMatrix(x: Table, where: string): Promise<HostMatrix> {
  let shape: number[];
  let data: HostMatrix['data'];
  if (x instanceof Tensor) {
    if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') {
      throw new ConfigError(`Invalid \`x\` for ${where}: expected a numeric tensor, received ${describeValue(x)}.`);
    }
    shape = x.shape;
    data = (await read(x)) as Float32Array | Int32Array;
  } else {
    let t: Tensor;
    try {
      t = tensor(x, undefined, 'float32');
    } catch (e) {
      throw new ConfigError(`Invalid \`x\` for ${where}: expected a numeric array or a Tensor, received ${describeValue(x)}.`, { cause: e });
    }
    shape = t.shape;
    data = (await read(t)) as Float32Array;
    t.dispose();
  }
  if (shape.length === 0) {
    throw new ConfigError(`Invalid \`x\` for ${where}: expected rank >= 1 (samples x features), received a scalar.`);
  }
  const cols = shape.length === 1 ? 1 : shape[shape.length - 1]!;
  const rows = cols === 0 ? 0 : data.length / cols;
  return { data, rows, cols, shape };
}

/** Throws a ConfigError naming the first NaN or infinity (for transforms that need complete data). */
export function checkNoMissing(m: HostMatrix, where: string): void {
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i]!;
    if (!Number.isFinite(v)) {
      throw new ConfigError(
        `Invalid \`x\` for ${where}: expected finite numbers, received ${v} at row ${Math.floor(i / m.cols)}, column ${i % m.cols}; ` +
          'fill missing values first (SimpleImputer).',
      );
    }
  }
}

/** Throws a ConfigError for an empty table (nothing to fit on). */
export function checkNotEmpty(m: HostMatrix, where: string): void {
  if (m.rows === 0 || m.cols === 0) {
    throw new ConfigError(`Invalid \`x\` for ${where}: expected at least one sample and one feature, received shape [${m.shape.join(',')}].`);
  }
}

/** Throws a ConfigError unless `stats` has one entry per feature of `x`. */
export function checkFeatures(x: Tensor, n: number, where: string): void {
  const cols = x.shape.length <= 1 ? 1 : x.shape[x.shape.length - 1];
  if (cols !== n) {
    throw new ConfigError(`Invalid \`x\` for ${where}: expected ${n} features on the last axis (as fitted), received shape [${x.shape.join(',')}].`);
  }
}
