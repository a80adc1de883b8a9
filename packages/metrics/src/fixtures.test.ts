// Every metric against fixtures computed by packages/metrics/fixtures/make_fixtures.py (Keras 3's
// metric formulas written independently in NumPy float64), over streams of batches of unequal
// size and class balance.
import { readFileSync } from 'node:fs';
import { assertNoLeaks, tensor, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { MeanMetricWrapper, get, type Metric } from '@dl/metrics';

interface Batch { yTrue: number[][]; yPred: number[][]; sampleWeight: number[]; sparse?: number[] }
interface Case {
  name: string; stream: string; metric: string; args: Record<string, unknown>; labels: 'yTrue' | 'sparse' | 'values';
  weighted: boolean; expected: number | number[]; meanOfBatches?: number | number[];
}
interface Fixtures {
  streams: Record<string, Batch[]>;
  values: { batches: number[][][]; sampleWeights: number[][] };
  cases: Case[];
}

const fx = JSON.parse(readFileSync(new URL('../fixtures/metrics.json', import.meta.url), 'utf8')) as Fixtures;

export function makeMetric(c: Case): Metric {
  if (c.metric.startsWith('MeanMetricWrapper:')) return new MeanMetricWrapper(c.metric.split(':')[1]!);
  const cls = get(c.metric).constructor as new (args: object) => Metric;
  return new cls(c.args);
}

/** Feeds batches to a metric (inside no tidy: updateState manages its own memory). */
export function feed(m: Metric, c: Case, batches: number[] = []): void {
  if (c.labels === 'values') {
    fx.values.batches.forEach((v, i) => {
      const x = tensor(v);
      const w = c.weighted ? tensor(fx.values.sampleWeights[i]!) : undefined;
      m.updateState(x, w);
      x.dispose();
      w?.dispose();
    });
    return;
  }
  const stream = fx.streams[c.stream]!;
  const which = batches.length === 0 ? stream.map((_, i) => i) : batches;
  for (const i of which) {
    const b = stream[i]!;
    const t: Tensor = tensor(c.labels === 'sparse' ? b.sparse! : b.yTrue);
    const p = tensor(b.yPred);
    const w = c.weighted ? tensor(b.sampleWeight) : undefined;
    m.updateState(t, p, w);
    t.dispose();
    p.dispose();
    w?.dispose();
  }
}

export function expectClose(actual: number | number[], expected: number | number[], where: string): void {
  const a = Array.isArray(actual) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  expect(a.length, where).toBe(e.length);
  e.forEach((x, i) => {
    const y = a[i]!;
    if (!(Math.abs(y - x) <= 1e-6 * Math.abs(x) + 1e-9)) {
      throw new Error(`${where}[${i}]: expected ${x}, received ${y} (relative error ${(Math.abs(y - x) / Math.abs(x)).toExponential(2)})`);
    }
  });
}

describe('metrics over a stream of batches equal the NumPy fixtures (Keras 3 formulas) within 1e-6 relative', () => {
  it.each(fx.cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const m = makeMetric(c);
    feed(m, c);
    expectClose(await m.readResult(), c.expected, c.name);
    // resetState starts over: one more pass gives the same value, and (state built) leaves no
    // tensor behind once the held batch values are added up by reading the result.
    m.resetState();
    await assertNoLeaks(() => { feed(m, c); m.result().dispose(); }, `${c.name} updateState`);
    expectClose(await m.readResult(), c.expected, `${c.name} after resetState`);
    m.dispose();
  });
});

describe('an epoch is exact over all its samples, not the mean of per-batch values (tfjs-layers)', () => {
  const exact = fx.cases.filter((c) => /^(precision|recall|AUC)/.test(c.name) && !Array.isArray(c.expected));
  it.each(exact.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const epoch = makeMetric(c);
    feed(epoch, c);
    const value = await epoch.readResult() as number;
    epoch.dispose();
    const perBatch: number[] = [];
    for (let i = 0; i < fx.streams[c.stream]!.length; i++) {
      const one = makeMetric(c);
      feed(one, c, [i]);
      perBatch.push(await one.readResult() as number);
      one.dispose();
    }
    const meanOfBatches = perBatch.reduce((s, v) => s + v, 0) / perBatch.length;
    expectClose(value, c.expected, `${c.name} epoch`);
    expectClose(meanOfBatches, c.meanOfBatches!, `${c.name} mean of batches`);
    if (c.stream === 'binary') expect(Math.abs(value - meanOfBatches), 'the batches differ in class balance').toBeGreaterThan(0.05);
  });
});
