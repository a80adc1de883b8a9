/**
 * One fused kernel call for several variables (the `count` form of the
 * optimizer updates' contracts in @dl/tensor's fused.ts), used by
 * `Optimizer.runFusedForAll`.
 */
import { runFusedKernel, type Tensor } from '@dl/tensor';

/**
 * Runs the fused kernel `name` once for every group of inputs (one group a
 * variable, named as the contract names one variable's inputs; undefined
 * entries left out), passing them suffixed by the group's position with the
 * `count` attr. Returns each group's outputs (as many as its inputs but the
 * gradient), or null when the backend has no such kernel.
 */
export function runFusedForEach(
  name: string, groups: ReadonlyArray<Record<string, Tensor | undefined>>, attrs: Record<string, number | boolean | string>,
): Tensor[][] | null {
  const all: Record<string, Tensor> = {};
  const sizes: number[] = [];
  groups.forEach((named, k) => {
    let count = 0;
    for (const key in named) {
      const t = named[key];
      if (t === undefined) continue;
      all[suffixed(key, k)] = t;
      count++;
    }
    sizes.push(count - 1); // every input but the gradient has an output
  });
  const out = runFusedKernel(name, all, { ...attrs, count: groups.length });
  if (out === null) return null;
  let at = 0;
  return sizes.map((n) => out.slice(at, (at += n)));
}

/** `${key}${k}`, built once per key and position (the inputs' names, every step). */
function suffixed(key: string, k: number): string {
  let list = suffixedNames.get(key);
  if (list === undefined) suffixedNames.set(key, (list = []));
  return (list[k] ??= `${key}${k}`);
}
const suffixedNames = new Map<string, string[]>();
