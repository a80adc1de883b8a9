/**
 * Runs the conformance cases on one backend against the cpu backend, with the
 * tolerance that backend is held to. Imported by the Node and browser suites.
 */
import * as dl from '@dl/tensor';
import type { ConformanceCase } from './cases';

/** Largest allowed |got - want| / (1 + |want|), per backend (float32 everywhere; GPUs reorder sums). */
export const TOLERANCE: Readonly<Record<string, number>> = {
  cpu: 1e-6,
  wasm: 1e-4,
  webgl: 2e-3,
  webgpu: 1e-3,
  'node-gpu': 1e-3,
};

/** Computes a case's outputs on the selected backend and reads them back asynchronously. */
export async function compute(c: ConformanceCase): Promise<{ shapes: number[][]; values: Float32Array[] }> {
  const outs = dl.tidy(() => {
    const r = c.run();
    return Array.isArray(r) ? r : [r];
  });
  try {
    const values = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data() as ArrayLike<number>)));
    return { shapes: outs.map((t) => t.shape), values };
  } finally {
    dl.dispose(outs);
  }
}

/** The worst error of `got` against `want`, with where it happened, as a message. */
export function compare(
  want: { shapes: number[][]; values: Float32Array[] },
  got: { shapes: number[][]; values: Float32Array[] },
): { maxError: number; where: string } {
  if (want.values.length !== got.values.length) {
    return { maxError: Infinity, where: `expected ${want.values.length} outputs, received ${got.values.length}` };
  }
  let maxError = 0;
  let where = '';
  for (let k = 0; k < want.values.length; k++) {
    const ws = want.shapes[k]!.join(',');
    const gs = got.shapes[k]!.join(',');
    if (ws !== gs) return { maxError: Infinity, where: `output ${k}: expected shape [${ws}], received [${gs}]` };
    const w = want.values[k]!;
    const g = got.values[k]!;
    for (let i = 0; i < w.length; i++) {
      const err = Math.abs(g[i]! - w[i]!) / (1 + Math.abs(w[i]!));
      if (!(err <= maxError)) {
        maxError = Number.isNaN(err) ? Infinity : err;
        where = `output ${k} [${ws}] element ${i}: expected ${w[i]}, received ${g[i]}`;
        if (maxError === Infinity) return { maxError, where };
      }
    }
  }
  return { maxError, where };
}

/** Computes `c` on cpu (the reference) and on `backend`, restoring `backend` afterwards. */
export async function referenceAndResult(c: ConformanceCase, backend: string) {
  await dl.setBackend('cpu');
  const want = await compute(c);
  await dl.setBackend(backend);
  const got = await compute(c);
  return { want, got };
}
