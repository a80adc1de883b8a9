import type { DataTypeMap, NumericDataType, Rank, Tensor } from '@tensorflow/tfjs-core';
import { ShapeError } from './errors';


/**
 * Reads a tensor's values asynchronously, as a typed array. Library code reads
 * only this way: `dataSync` returns zeros and throws on WebGPU, and it stalls
 * the pipeline everywhere.
 *
 * @example
 * ```ts
 * const values = await read(tensor([1, 2, 3])); // Float32Array [1, 2, 3]
 * ```
 */
export async function read<D extends NumericDataType = 'float32'>(t: Tensor): Promise<DataTypeMap[D]> {
  return (await t.data()) as DataTypeMap[D];
}

/**
 * Reads a tensor's values as a nested array.
 *
 * @example
 * ```ts
 * await readArray(tensor([[1, 2], [3, 4]])); // [[1, 2], [3, 4]]
 * ```
 */
export async function readArray<R extends Rank>(t: Tensor<R>): Promise<ReturnType<Tensor<R>['arraySync']>> {
  return t.array();
}

/**
 * Reads a one-element tensor (a scalar, or any shape of size 1) as a number.
 *
 * @throws ShapeError when the tensor has more or fewer than one element.
 * @example
 * ```ts
 * const loss = await readScalar(mean(square(sub(yPred, yTrue))));
 * ```
 */
export async function readScalar(t: Tensor): Promise<number> {
  if (t.size !== 1) {
    throw new ShapeError(
      `Invalid tensor for readScalar: expected exactly 1 element, received shape [${t.shape.join(',')}] (${t.size} elements).`,
    );
  }
  const values = await t.data();
  return Number(values[0]);
}

/**
 * Reads several tensors at once: all reads are started before any is awaited,
 * so the device is synchronized once.
 *
 * @example
 * ```ts
 * const [a, b] = await readAll([x, y]);
 * ```
 */
export async function readAll(tensors: readonly Tensor[]): Promise<Array<DataTypeMap[NumericDataType]>> {
  return Promise.all(tensors.map((t) => t.data() as Promise<DataTypeMap[NumericDataType]>));
}
