/**
 * Declares the conformance suite for a list of backends: the same cases on
 * each, against cpu. A backend that cannot start here is skipped with a
 * visible notice, except under CI=true, where it fails. A case whose op the
 * backend declares unsupported (its provider's `unsupportedOps`) must throw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { cases } from './cases';
import { compare, referenceAndResult, TOLERANCE } from './harness';

export function isCI(): boolean {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; __DL_CI__?: boolean };
  return g.process?.env?.['CI'] === 'true' || g.__DL_CI__ === true;
}

export function conformanceSuite(runtime: string, backends: readonly string[]): void {
  describe.each(backends)(`conformance (${runtime}): %s against cpu`, (backend) => {
    let startError: unknown;

    beforeAll(async () => {
      try {
        await dl.setBackend(backend);
      } catch (e) {
        startError = e;
        if (!isCI()) {
          console.warn(`NOTICE: skipping the ${backend} conformance suite in ${runtime}: ${(e as Error).message}`);
        }
      }
    }, 120_000);

    afterAll(async () => {
      await dl.setBackend('cpu');
    });

    it('starts', () => {
      if (startError !== undefined && isCI()) throw startError;
      expect(startError === undefined || !isCI()).toBe(true);
      if (startError === undefined) expect(dl.getBackend()).toBe(backend);
    });

    for (const c of cases) {
      it(c.name, async (ctx) => {
        if (startError !== undefined) {
          if (isCI()) throw startError;
          ctx.skip();
        }
        const provider = dl.getBackendProvider(backend);
        if (provider?.unsupportedOps.has(c.op)) {
          await expect(referenceAndResult(c, backend)).rejects.toThrow();
          return;
        }
        const { want, got } = await referenceAndResult(c, backend);
        const { maxError, where } = compare(want, got);
        expect(maxError, `${backend} ${c.name}: worst at ${where}`).toBeLessThanOrEqual(TOLERANCE[backend] ?? 1e-3);
      }, 120_000);
    }
  });
}
