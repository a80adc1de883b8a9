// Update rules against Keras 3's formulas: fixtures/make_fixtures.py implements them in
// NumPy (float64) and runs a fixed problem; here @dl/optimizers runs the same steps on
// the cpu backend and every step's weights (and EMA averages) must match within 1e-5 relative.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { deserialize, deserializeSchedule, type OptimizerConfig, type SerializedSchedule } from '@dl/optimizers';

interface Case {
  name: string;
  className: string;
  config: OptimizerConfig;
  excludeFromWeightDecay: string[];
  steps: number;
  weights: number[][][];
  averages?: number[][][];
}
interface Fixtures {
  variables: { name: string; shape: number[]; init: number[] }[];
  grads: number[][][];
  cases: Case[];
  schedules: (SerializedSchedule & { values: number[] })[];
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/keras-parity.json', import.meta.url), 'utf8')) as Fixtures;
const RTOL = 1e-5;
// Values that pass near 0 lose relative precision to float32 cancellation (the weights are ~1), hence a floor.
const ATOL = 1e-6;

function expectClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= RTOL * Math.abs(e) + ATOL)) {
      throw new Error(`${what}[${i}]: expected ${e}, received ${a} (relative error ${Math.abs(a - e) / Math.abs(e)})`);
    }
  }
}

let uid = 0;

describe('Keras 3 parity (NumPy fixtures, cpu backend)', () => {
  it('covers every optimizer and option', () => {
    const classes = new Set(fixtures.cases.map((c) => c.className));
    expect([...classes].sort()).toEqual(['Adadelta', 'Adagrad', 'Adam', 'AdamW', 'Adamax', 'Lion', 'Nadam', 'RMSprop', 'SGD']);
    const options = new Set(fixtures.cases.flatMap((c) => Object.keys(c.config)));
    for (const o of ['clipnorm', 'clipvalue', 'globalClipnorm', 'weightDecay', 'useEma', 'emaOverwriteFrequency', 'gradientAccumulationSteps', 'amsgrad', 'nesterov', 'centered']) {
      expect(options, o).toContain(o);
    }
    const schedules = new Set(fixtures.cases.map((c) => (c.config['learningRate'] as { className?: string }).className).filter(Boolean));
    expect(schedules.size).toBe(6);
  });

  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await dl.setBackend('cpu');
    const before = dl.memory().numTensors;
    const vars = fixtures.variables.map((v) => dl.tidy(() => dl.variable(dl.tensor(v.init, v.shape), true, `parity${uid++}/${v.name}`)));
    const opt = deserialize({ className: c.className, config: c.config });
    if (c.excludeFromWeightDecay.length > 0) opt.excludeFromWeightDecay({ names: c.excludeFromWeightDecay });
    for (let s = 0; s < c.steps; s++) {
      const grads = fixtures.grads[s]!.map((g, i) => dl.tensor(g, fixtures.variables[i]!.shape));
      opt.apply(grads, vars);
      dl.dispose(grads);
      for (let i = 0; i < vars.length; i++) {
        expectClose(await dl.read(vars[i]!), c.weights[s]![i]!, `${c.name} step ${s + 1} ${fixtures.variables[i]!.name}`);
      }
      if (c.averages) {
        const state = opt.getState();
        for (let i = 0; i < vars.length; i++) {
          expectClose(await dl.read(state.variables[`average/${i}`]!), c.averages[s]![i]!, `${c.name} step ${s + 1} average of ${fixtures.variables[i]!.name}`);
        }
        dl.dispose(Object.values(state.variables));
      }
    }
    opt.dispose();
    dl.dispose(vars);
    expect(dl.memory().numTensors).toBe(before);
  });

  it.each(fixtures.schedules.map((s, i) => [`${s.className} #${i}`, s] as const))('schedule %s', (_name, s) => {
    const schedule = deserializeSchedule(s);
    s.values.forEach((expected, step) => {
      const actual = schedule.call(step);
      expect(Math.abs(actual - expected), `${s.className} at step ${step}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 + 1e-12 * Math.abs(expected));
    });
  });
});
