// Activations against NumPy float64 fixtures (packages/layers/fixtures/base_fixtures.py),
// and their gradients against central finite differences of the same formulas in float64.
import { readFileSync } from 'node:fs';
import * as dl from '@dl/tensor';
import { ConfigError, read, assertNoLeaks, readArray, tensor, tensor2d, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { Dense, activationNames, deserializeLayer, getActivation, registerActivation, serializeActivation, serializeLayer } from '@dl/layers';

interface Fixtures {
  activations: { grid: number[]; rows: number[][]; elementwise: Record<string, number[]>; softmax: number[][]; logSoftmax: number[][] };
}
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/base.json', import.meta.url), 'utf8')) as Fixtures;

/**
 * Relative tolerance 1e-5, with an absolute floor of 1e-7 for values near 0 (float32 holds
 * ~7 digits: exp(-100) is 0 or a denormal there). gelu's floor is 3e-7 because tfjs-core's erf
 * is Abramowitz-Stegun 7.1.26, whose absolute error is up to 1.5e-7 (written beside the case).
 */
function expectClose(actual: ArrayLike<number>, expected: number[], where: string, abs = 1e-7): void {
  expect(actual.length, where).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= 1e-5 * Math.abs(e) + abs)) {
      throw new Error(`${where}[${i}]: expected ${e}, received ${a}`);
    }
  }
}

describe('activations equal the NumPy fixtures (Keras 3 formulas)', () => {
  it('covers every built-in activation', () => {
    const covered = new Set([...Object.keys(fixtures.activations.elementwise), 'softmax', 'logSoftmax']);
    expect([...activationNames].sort()).toEqual([...covered].sort());
  });

  it.each(Object.keys(fixtures.activations.elementwise))('%s on a grid from -100 to 50', async (name) => {
    const x = tensor(fixtures.activations.grid);
    const fn = getActivation(name);
    const y = await assertNoLeaks(() => fn(x), name);
    const abs = name === 'gelu' ? 3e-7 : 1e-7;
    expectClose((await readArray(y)) as number[], fixtures.activations.elementwise[name]!, name, abs);
    if (y !== x) y.dispose();
    x.dispose();
  });

  it.each(['softmax', 'logSoftmax'] as const)('%s over the last axis', async (name) => {
    const x = tensor2d(fixtures.activations.rows);
    const y = await assertNoLeaks(() => getActivation(name)(x), name);
    expectClose(Array.from(await read(y)) as number[], fixtures.activations[name].flat(), name);
    dl.dispose([x, y]);
  });

  it('uses Keras 3 definitions where Keras 2 and tfjs differ', async () => {
    const x = tensor([-3, -1, 0, 1, 3]);
    // hardSigmoid = relu6(x + 3) / 6 (tfjs-layers: 0.2x + 0.5); leakyRelu slope 0.2 (tf.nn's default is 0.2 too).
    expectClose((await readArray(getActivation('hardSigmoid')(x))) as number[], [0, 2 / 6, 0.5, 4 / 6, 1], 'hardSigmoid');
    expectClose((await readArray(getActivation('leakyRelu')(x))) as number[], [-0.6, -0.2, 0, 1, 3], 'leakyRelu');
    x.dispose();
  });
});

describe('activation names', () => {
  it('accepts snake_case, null and undefined, and functions as is', () => {
    expect(getActivation('hard_sigmoid')).toBe(getActivation('hardSigmoid'));
    expect(getActivation('leaky_relu')).toBe(getActivation('leakyRelu'));
    expect(getActivation('log_softmax')).toBe(getActivation('logSoftmax'));
    expect(getActivation(null)).toBe(getActivation('linear'));
    expect(getActivation(undefined)).toBe(getActivation('linear'));
    const f = (t: Tensor) => t;
    expect(getActivation(f)).toBe(f);
  });

  it('names the unknown activation and lists the known ones', () => {
    let error: unknown;
    try {
      getActivation('reluu', 'Dense "d"');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('"reluu"');
    expect(message).toContain('Dense "d"');
    for (const n of activationNames) expect(message).toContain(`"${n}"`);
  });

  it('serializes built-ins by name and rejects anonymous functions', () => {
    for (const n of activationNames) expect(serializeActivation(getActivation(n))).toBe(n);
    expect(serializeActivation(getActivation('hard_sigmoid'))).toBe('hardSigmoid');
    expect(() => serializeActivation((t) => t, 'Dense "x"')).toThrow(/Cannot serialize the activation of Dense "x".*registerActivation/);
  });

  it('registers custom activations for layers to save and load', async () => {
    const cube = (t: Tensor) => dl.pow(t, 3);
    registerActivation('cubeForTest', cube);
    expect(getActivation('cubeForTest')).toBe(cube);
    expect(serializeActivation(cube)).toBe('cubeForTest');
    const dense = new Dense(2, { activation: 'cubeForTest' });
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(dense)))) as Dense;
    expect(copy.activation).toBe(cube);
    // The unknown-name message lists registered ones too.
    expect(() => getActivation('nope')).toThrow(/"cubeForTest"/);
    expect(() => registerActivation('relu', cube)).toThrow(ConfigError);
    expect(() => registerActivation('', cube)).toThrow(/Invalid `name` for registerActivation/);
    expect(() => registerActivation('x', 3 as never)).toThrow(/Invalid `fn` for registerActivation: expected a function, received 3/);
    dense.dispose();
    copy.dispose();
  });

  it('lets Dense run an unregistered function (it only cannot be saved)', async () => {
    const dense = new Dense(1, { activation: (t) => dl.mul(t, 0), kernelInitializer: 'ones' });
    expect(await readArray(dense.apply(dl.ones([1, 2])))).toEqual([[0]]);
    expect(() => serializeLayer(dense)).toThrow(ConfigError);
    dense.dispose();
  });
});

// --- Gradients by central finite differences of the float64 formulas.
const erf = (x: number): number => {
  // erf by its Taylor series (|x| < 3 here): exact to ~1e-15.
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
};
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const sp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const formulas: Record<string, (x: number) => number> = {
  relu: (x) => Math.max(x, 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x)),
  sigmoid: sig,
  hardSigmoid: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
  softplus: sp,
  softsign: (x) => x / (1 + Math.abs(x)),
  tanh: Math.tanh,
  linear: (x) => x,
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  swish: (x) => x * sig(x),
  silu: (x) => x * sig(x),
  mish: (x) => x * Math.tanh(sp(x)),
  leakyRelu: (x) => (x > 0 ? x : 0.2 * x),
  exponential: Math.exp,
};
// Points away from kinks (0, -3, 3, 6), where the derivative is defined.
const points = [-4.5, -2.25, -0.75, 0.375, 1.25, 2.5, 4.5];

describe('activation gradients equal central finite differences (float64)', () => {
  it.each(Object.keys(formulas))('%s', async (name) => {
    const f = formulas[name]!;
    const x = tensor(points);
    const g = dl.grad((t: Tensor) => dl.sum(getActivation(name)(t)))(x);
    const h = 1e-6;
    const expected = points.map((p) => (f(Math.fround(p) + h) - f(Math.fround(p) - h)) / (2 * h));
    // 1e-5 relative plus 1e-6 absolute: the finite difference itself is exact to ~1e-9.
    const got = (await readArray(g)) as number[];
    got.forEach((v, i) => expect(Math.abs(v - expected[i]!), `${name} at ${points[i]}`).toBeLessThanOrEqual(1e-5 * Math.abs(expected[i]!) + 1e-6));
    dl.dispose([x, g]);
  });

  it('softmax and logSoftmax (one row, the gradient of a weighted sum)', async () => {
    const row = [0.5, -1.25, 2, 0.125];
    const weights = [0.3, -0.7, 1.1, 0.2];
    for (const name of ['softmax', 'logSoftmax'] as const) {
      const f64 = (v: number[]) => {
        const m = Math.max(...v);
        const z = v.reduce((s, a) => s + Math.exp(a - m), 0);
        const out = v.map((a) => (name === 'softmax' ? Math.exp(a - m) / z : a - m - Math.log(z)));
        return out.reduce((s, o, i) => s + o * weights[i]!, 0);
      };
      const x = tensor2d([row]);
      const w = tensor2d([weights]);
      const g = dl.grad((t: Tensor) => dl.sum(dl.mul(getActivation(name)(t), w)))(x);
      const got = Array.from(await read(g)) as number[];
      const h = 1e-6;
      row.forEach((_, i) => {
        const up = [...row];
        const down = [...row];
        up[i]! += h;
        down[i]! -= h;
        const e = (f64(up) - f64(down)) / (2 * h);
        expect(Math.abs(got[i]! - e), `${name}[${i}]`).toBeLessThanOrEqual(1e-5 * Math.abs(e) + 1e-6);
      });
      dl.dispose([x, w, g]);
    }
  });

  it('selu, elu and gelu have finite gradients at large magnitudes', async () => {
    const x = tensor([-100, -20, 20, 100]);
    for (const name of ['selu', 'elu', 'gelu', 'softplus', 'mish', 'swish', 'sigmoid', 'softsign']) {
      const g = dl.grad((t: Tensor) => dl.sum(getActivation(name)(t)))(x);
      const values = (await readArray(g)) as number[];
      expect(values.every(Number.isFinite), `${name}: ${values}`).toBe(true);
      g.dispose();
    }
    x.dispose();
  });
});
