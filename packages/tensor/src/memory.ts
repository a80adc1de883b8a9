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
