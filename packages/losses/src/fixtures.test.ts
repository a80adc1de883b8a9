// Every loss against fixtures computed by packages/losses/fixtures/make_fixtures.py:
// Keras 3's formulas written independently in NumPy float64 (inputs rounded to float32).
import { readFileSync } from 'node:fs';
import { assertNoLeaks, read, tensor, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import * as losses from '@dl/losses';

interface Case {
  name: string;
  loss: string;
  args: Record<string, unknown>;
  reduction: losses.Reduction;
  yTrue: unknown;
  yPred: unknown;
  sampleWeight?: unknown;
  expected: number | unknown[];
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/losses.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** Relative tolerance 1e-6; values below 1e-9 in magnitude are compared absolutely (float32 noise). */
export function expectClose(actual: ArrayLike<number>, expected: number[], where: string): void {
  expect(actual.length, where).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = expected[i]!;
    const tol = 1e-6 * Math.abs(e) + 1e-9;
    if (!(Math.abs(a - e) <= tol)) {
      throw new Error(`${where}[${i}]: expected ${e}, received ${a} (relative error ${(Math.abs(a - e) / Math.abs(e)).toExponential(2)})`);
    }
  }
}

const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

describe('losses equal the NumPy fixtures (Keras 3 formulas) within 1e-6 relative', () => {
  it('has fixtures for all 17 losses and every reduction', () => {
    expect(new Set(fixtures.cases.map((c) => c.loss)).size).toBe(17);
    expect(new Set(fixtures.cases.map((c) => c.reduction))).toEqual(new Set(['none', 'sum', 'sumOverBatchSize', 'mean', 'meanWithSampleWeight']));
  });

  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const cls = losses.get(c.loss).constructor as new (args: object) => losses.Loss;
    const loss = new cls({ ...c.args, reduction: c.reduction });
    const yTrue = tensor(c.yTrue as number[]);
    const yPred = tensor(c.yPred as number[]);
    const sw = c.sampleWeight === undefined ? undefined : tensor(c.sampleWeight as number[]);
    const out = await assertNoLeaks(() => loss.apply(yTrue, yPred, sw), c.name);
    expectClose(await read(out), flat(c.expected), c.name);
    out.dispose();
    // The function form gives the per-sample values (ignoreClass masks only change the reduction).
    if (c.reduction === 'none' && c.sampleWeight === undefined) {
      const fn = (losses as unknown as Record<string, (t: Tensor, p: Tensor, o?: object) => Tensor>)[c.loss]!;
      const values = fn(yTrue, yPred, c.args);
      expectClose(await read(values), flat(c.expected), `${c.name} (function)`);
      values.dispose();
    }
    yTrue.dispose();
    yPred.dispose();
    sw?.dispose();
  });
});
