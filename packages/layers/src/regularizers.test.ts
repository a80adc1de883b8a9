// Regularizers and constraints against NumPy float64 fixtures (packages/layers/fixtures/base_fixtures.py).
import { readFileSync } from 'node:fs';
import * as dl from '@dl/tensor';
import { ConfigError, assertNoLeaks, read, readScalar, tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  Constraint, Dense, L1, L1L2, L2, MaxNorm, MinMaxNorm, NonNeg, Regularizer, UnitNorm,
  deserializeLayer, getConstraint, getRegularizer, l1, l1l2, l2, registerConstraint, registerRegularizer,
  serializeConstraint, serializeLayer, serializeRegularizer,
} from '@dl/layers';

interface Fixtures {
  regularizers: { w: number[][]; cases: { className: string; config: Record<string, number>; expected: number }[] };
  constraints: { w: number[][]; w3: number[][][]; cases: { input: 'w' | 'w3'; className: string; config: Record<string, number | number[]>; expected: unknown[] }[] };
}
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/base.json', import.meta.url), 'utf8')) as Fixtures;
const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

describe('regularizers equal the NumPy fixtures (1e-5 relative)', () => {
  it.each(fixtures.regularizers.cases.map((c) => [`${c.className} ${JSON.stringify(c.config)}`, c] as const))('%s', async (_n, c) => {
    const w = tensor(fixtures.regularizers.w);
    const r = getRegularizer({ className: c.className, config: c.config });
    const penalty = await assertNoLeaks(() => r.call(w), c.className);
    expect(penalty.shape).toEqual([]);
    const v = await readScalar(penalty);
    expect(Math.abs(v - c.expected)).toBeLessThanOrEqual(1e-5 * c.expected);
    dl.dispose([w, penalty]);
  });

  it('has Keras\' defaults and shortcuts', () => {
    expect(new L1().getConfig()).toEqual({ l1: 0.01 });
    expect(new L2().getConfig()).toEqual({ l2: 0.01 });
    expect(new L1L2().getConfig()).toEqual({ l1: 0, l2: 0 });
    expect(l1().getConfig()).toEqual({ l1: 0.01 });
    expect(l2(0.002).getConfig()).toEqual({ l2: 0.002 });
    expect(l1l2().getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(getRegularizer('l1')).toBeInstanceOf(L1);
    expect(getRegularizer('L2')).toBeInstanceOf(L2);
    expect(getRegularizer('l1_l2').getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    const r = l2();
    expect(getRegularizer(r)).toBe(r);
  });

  it('round-trips configs, and rejects bad factors and unknown names', () => {
    for (const r of [l1(0.3), l2(0.002), new L1L2({ l1: 0.1, l2: 0.2 })]) {
      const json = JSON.parse(JSON.stringify(serializeRegularizer(r)));
      const copy = getRegularizer(json);
      expect(copy.constructor).toBe(r.constructor);
      expect(copy.getConfig()).toEqual(r.getConfig());
    }
    expect(() => new L1({ l1: -1 })).toThrow('Invalid `l1` for L1: expected a non-negative number, received -1.');
    expect(() => new L1L2({ l2: Number.POSITIVE_INFINITY })).toThrow('Invalid `l2` for L1L2: expected a non-negative number, received Infinity.');
    expect(() => getRegularizer('l3', 'Dense "d"')).toThrow(/^Unknown regularizer "l3" for Dense "d": expected one of "L1L2", "L1", "L2"/);
    expect(() => getRegularizer(5 as never)).toThrow(ConfigError);
  });

  it('registers custom regularizers that layers save and load', async () => {
    class Sparse extends Regularizer {
      static override readonly className = 'SparseForTest';
      call(x: dl.Tensor) {
        return dl.tidy(() => dl.mul(2, dl.sum(dl.abs(x)))) as dl.Scalar;
      }
    }
    registerRegularizer(Sparse);
    const dense = new Dense(1, { kernelRegularizer: new Sparse(), kernelInitializer: 'ones' });
    dense.build([null, 3]);
    expect(await readScalar(dense.losses[0]!)).toBe(6);
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(dense)))) as Dense;
    expect(copy.kernelRegularizer).toBeInstanceOf(Sparse);
    class Nameless extends Sparse {}
    expect(() => registerRegularizer(Nameless)).toThrow(/of its own/);
  });
});

describe('constraints equal the NumPy fixtures (1e-5 relative)', () => {
  it.each(fixtures.constraints.cases.map((c) => [`${c.className} ${JSON.stringify(c.config)} on ${c.input}`, c] as const))('%s', async (_n, c) => {
    const w = tensor(fixtures.constraints[c.input]);
    const k = getConstraint({ className: c.className, config: c.config });
    const out = await assertNoLeaks(() => k.call(w), c.className);
    expect(out.shape).toEqual(w.shape);
    const got = Array.from(await read(out));
    flat(c.expected).forEach((e, i) => expect(Math.abs(got[i]! - e), `${i}`).toBeLessThanOrEqual(1e-5 * Math.abs(e) + 1e-7));
    dl.dispose([w, out]);
  });

  it('has Keras\' defaults and names', () => {
    expect(new MaxNorm().getConfig()).toEqual({ maxValue: 2, axis: 0 });
    expect(new MinMaxNorm().getConfig()).toEqual({ minValue: 0, maxValue: 1, rate: 1, axis: 0 });
    expect(new UnitNorm().getConfig()).toEqual({ axis: 0 });
    expect(new NonNeg().getConfig()).toEqual({});
    expect(getConstraint('max_norm')).toBeInstanceOf(MaxNorm);
    expect(getConstraint('nonNeg')).toBeInstanceOf(NonNeg);
    expect(getConstraint('unit_norm')).toBeInstanceOf(UnitNorm);
    expect(getConstraint('MinMaxNorm')).toBeInstanceOf(MinMaxNorm);
  });

  it('round-trips configs, and rejects bad arguments and unknown names', () => {
    for (const c of [new MaxNorm({ maxValue: 3, axis: [0, 1] }), new MinMaxNorm({ minValue: 0.5, rate: 0.5, axis: -1 }), new UnitNorm({ axis: 1 }), new NonNeg()]) {
      const json = JSON.parse(JSON.stringify(serializeConstraint(c)));
      const copy = getConstraint(json);
      expect(copy.constructor).toBe(c.constructor);
      expect(copy.getConfig()).toEqual(c.getConfig());
    }
    expect(() => new MaxNorm({ maxValue: -1 })).toThrow('Invalid `maxValue` for MaxNorm: expected a number >= 0, received -1.');
    expect(() => new MinMaxNorm({ minValue: 2, maxValue: 1 })).toThrow('Invalid `maxValue` for MinMaxNorm: expected a number >= 2, received 1.');
    expect(() => new UnitNorm({ axis: 0.5 })).toThrow('Invalid `axis` for UnitNorm: expected an integer or an array of integers, received 0.5.');
    expect(() => getConstraint('positive')).toThrow(/^Unknown constraint "positive" for getConstraint: expected one of "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"/);
    class Nameless extends Constraint {
      call(w: dl.Tensor) {
        return w;
      }
    }
    expect(() => registerConstraint(Nameless)).toThrow(/of its own, received "Constraint"/);
  });
});
