// Helpers for dl/layers' own tests (not exported): tolerance checks that say where values differ.
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';

/**
 * Throws unless `actual` and `expected` have one shape and agree within
 * `rtol * |expected| + atol` everywhere, naming the first differing index.
 */
export async function expectClose(actual: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>, where: string, rtol = 1e-5, atol = 1e-6): Promise<void> {
  if (actual instanceof dl.Tensor && expected instanceof dl.Tensor && actual.shape.join() !== expected.shape.join()) {
    throw new Error(`${where}: shape [${actual.shape}] differs from expected [${expected.shape}]`);
  }
  const a = actual instanceof dl.Tensor ? await actual.data() : actual;
  const e = expected instanceof dl.Tensor ? await expected.data() : expected;
  if (a.length !== e.length) throw new Error(`${where}: ${a.length} values, expected ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    const x = Number(a[i]);
    const y = Number(e[i]);
    if (!(Math.abs(x - y) <= rtol * Math.abs(y) + atol)) {
      throw new Error(`${where}[${i}]: expected ${y}, received ${x}`);
    }
  }
}
