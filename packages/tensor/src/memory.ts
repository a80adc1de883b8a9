import * as tfc from '@tensorflow/tfjs-core';
import type { TensorContainer } from '@tensorflow/tfjs-core';
import { MemoryLeakError } from './errors';

/**
 * Runs `fn` and fails if it leaves tensors allocated. Tensors in the value
 * `fn` returns (a tensor, or arrays and objects of them) are the caller's and
 * do not count as leaks. Use it in tests of layers, losses and training steps.
 *
 * @returns What `fn` returned.
 * @throws MemoryLeakError naming how many tensors were left behind.
 * @example
 * ```ts
 * import { assertNoLeaks, tidy, ones, add } from '@dl/tensor';
 * const y = await assertNoLeaks(() => tidy(() => add(ones([2]), 1))); // ok: y is returned
 * await assertNoLeaks(() => { ones([2]); }); // throws: 1 tensor left behind
 * ```
 */
export async function assertNoLeaks<T>(fn: () => T | Promise<T>, label = 'function'): Promise<T> {
  const before = tfc.memory().numTensors;
  const result = await fn();
  const kept = new Set(tfc.tensor_util.getTensorsInContainer(result as TensorContainer))
    .size;
  const after = tfc.memory().numTensors;
  const leaked = after - before - kept;
  if (leaked > 0) {
    throw new MemoryLeakError(
      `Tensor leak in ${label}: expected ${before + kept} tensors after it ran (${before} before, ${kept} returned), received ${after}: ${leaked} tensor${leaked === 1 ? '' : 's'} left behind. Wrap the work in tidy() or dispose() what is not returned.`,
      leaked,
    );
  }
  return result;
}

/** The parts of tfjs-core 4.22's engine (private in its typings) that {@link keepShared} uses. */
interface SharingEngine {
  makeTensorFromTensorInfo(info: { dataId: object; shape: number[]; dtype: string }): tfc.Tensor;
  backend: { incRef(dataId: object): void };
}

/**
 * A new tensor over `t`'s data, kept from `tidy`: no kernel runs and nothing
 * is copied (the backend counts one reference more), and disposing either
 * tensor leaves the other valid. Use it to hold on to a value that its owner
 * will dispose (a tensor saved for a gradient, a batch value a metric adds up
 * later); dispose it when done.
 *
 * @example
 * ```ts
 * const a = tensor1d([1, 2]);
 * const b = keepShared(a);
 * a.dispose();
 * console.log(await read(b)); // Float32Array [1, 2]
 * b.dispose();
 * ```
 */
export function keepShared<T extends tfc.Tensor>(t: T): T {
  const e = tfc.engine() as unknown as SharingEngine;
  e.backend.incRef(t.dataId);
  const s = e.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
  (s as unknown as { kept: boolean }).kept = true;
  return s as T;
}
