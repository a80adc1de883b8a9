import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import {
  Adadelta, Adagrad, Adam, AdamW, Adamax, CosineDecay, ExponentialDecay, Lion, Nadam, Optimizer, RMSprop, SGD,
  deserialize, get, registerOptimizer, serialize, type OptimizerState,
} from '@dl/optimizers';

let uid = 0;
const SHAPES = [[3, 4], [4], [2, 2, 2]];

function makeVariables(seed = 1, shapes = SHAPES): dl.Variable[] {
  dl.setSeed(seed);
  return shapes.map((s) => dl.tidy(() => dl.variable(dl.randomNormal(s), true, `v${uid++}`)));
}

/** A fixed, weight-dependent gradient: d/dw of sum(w^4 / 4 + w * c). */
function gradients(vars: dl.Variable[]): dl.Tensor[] {
  return dl.tidy(() => vars.map((v, i) => dl.add(dl.pow(v, 3), dl.scalar(0.1 * (i + 1)))));
}

function stepAll(opt: Optimizer, vars: dl.Variable[], n: number): void {
  for (let s = 0; s < n; s++) {
    const g = gradients(vars);
    opt.apply(g, vars);
    dl.dispose(g);
  }
}

async function values(vars: dl.Variable[]): Promise<number[][]> {
  return Promise.all(vars.map(async (v) => Array.from(await dl.read(v))));
}

/** The state as JSON (what a file would hold), and back. */
async function roundTripJson(state: OptimizerState): Promise<OptimizerState> {
  const entries = await Promise.all(Object.entries(state.variables).map(async ([k, t]) => [k, { shape: t.shape, data: Array.from(await dl.read(t)) }] as const));
  const json = JSON.stringify({ ...state, variables: Object.fromEntries(entries) });
  dl.dispose(Object.values(state.variables));
  const parsed = JSON.parse(json) as { iterations: number; learningRate?: number; variables: Record<string, { shape: number[]; data: number[] }> };
  return {
    ...parsed,
    variables: Object.fromEntries(Object.entries(parsed.variables).map(([k, v]) => [k, dl.tensor(v.data, v.shape)])),
  };
}

const makers: [string, () => Optimizer][] = [
  ['SGD nesterov + clipnorm', () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true, clipnorm: 1 })],
  ['RMSprop centered + momentum + schedule', () => new RMSprop({ learningRate: new ExponentialDecay({ initialLearningRate: 0.01, decaySteps: 2, decayRate: 0.7 }), momentum: 0.5, centered: true })],
  ['Adam amsgrad + EMA', () => new Adam({ learningRate: 0.01, amsgrad: true, useEma: true, emaOverwriteFrequency: 4 })],
  ['AdamW + accumulation', () => new AdamW({ learningRate: 0.01, gradientAccumulationSteps: 3, globalClipnorm: 2 })],
  ['Adagrad + clipvalue', () => new Adagrad({ learningRate: 0.05, clipvalue: 0.5 })],
  ['Adadelta', () => new Adadelta({ learningRate: 1 })],
  ['Adamax + weight decay', () => new Adamax({ learningRate: 0.01, weightDecay: 0.1 })],
  ['Nadam + accumulation + EMA', () => new Nadam({ learningRate: 0.01, gradientAccumulationSteps: 2, useEma: true })],
  ['Lion + cosine warmup', () => new Lion({ learningRate: new CosineDecay({ initialLearningRate: 0, decaySteps: 5, warmupTarget: 0.01, warmupSteps: 3 }) })],
];

describe('resumable state', () => {
  it.each(makers)('%s: a run resumed from JSON state makes bit-identical updates (cpu)', async (_name, make) => {
    await dl.setBackend('cpu');
    const straight = makeVariables(7);
    const a = make();
    stepAll(a, straight, 10);

    const first = makeVariables(7);
    const b = make();
    stepAll(b, first, 4);
    const saved = await roundTripJson(b.getState());
    b.dispose();
    const resumedVars = makeVariables(8);
    await Promise.all(resumedVars.map(async (v, i) => v.assign(dl.tensor(await dl.read(first[i]!), v.shape))));
    const c = make();
    c.build(resumedVars);
    c.setState(saved);
    dl.dispose(Object.values(saved.variables));
    expect(c.iterations).toBe(b.iterations);
    stepAll(c, resumedVars, 6);

    expect(await values(resumedVars)).toEqual(await values(straight));
    const sa = a.getState();
    const sc = c.getState();
    expect(Object.keys(sc.variables)).toEqual(Object.keys(sa.variables));
    for (const k of Object.keys(sa.variables)) expect(Array.from(await dl.read(sc.variables[k]!)), k).toEqual(Array.from(await dl.read(sa.variables[k]!)));
    expect(sc.iterations).toBe(sa.iterations);
    dl.dispose([...Object.values(sa.variables), ...Object.values(sc.variables), ...straight, ...first, ...resumedVars]);
    a.dispose();
    c.dispose();
  });

  it('names every slot "slot/i" in Keras order, with the iteration count and learning rate', () => {
    const vars = makeVariables(1, [[2], [3]]);
    const opt = new Adam({ learningRate: 0.01, amsgrad: true, useEma: true, gradientAccumulationSteps: 2 });
    opt.build(vars);
    const state = opt.getState();
    expect(Object.keys(state.variables)).toEqual([
      'average/0', 'average/1', 'gradient_accumulator/0', 'gradient_accumulator/1',
      'momentum/0', 'momentum/1', 'velocity/0', 'velocity/1', 'velocity_hat/0', 'velocity_hat/1',
    ]);
    expect(state.iterations).toBe(0);
    expect(state.learningRate).toBe(0.01);
    expect(opt.variables).toHaveLength(10);
    dl.dispose([...Object.values(state.variables), ...vars]);
    opt.dispose();
  });
});

describe('bad input raises a typed error and changes nothing', () => {
  it.each([
    ['a negative learning rate', () => new SGD({ learningRate: -0.1 }), /expected a number >= 0 or a LearningRateSchedule, received -0.1/],
    ['a NaN learning rate', () => new Adam({ learningRate: NaN }), /Invalid `learningRate` for Adam.*received NaN/],
    ['clipnorm with globalClipnorm', () => new Adam({ clipnorm: 1, globalClipnorm: 1 }), /at most one of `clipnorm`, `clipvalue` and `globalClipnorm`, received clipnorm=1, globalClipnorm=1/],
    ['a zero clipvalue', () => new SGD({ clipvalue: 0 }), /Invalid `clipvalue` for SGD: expected a positive number, received 0/],
    ['gradientAccumulationSteps 1', () => new Adam({ gradientAccumulationSteps: 1 }), /expected an integer >= 2/],
    ['emaMomentum 2', () => new Adam({ useEma: true, emaMomentum: 2 }), /expected a number in \[0, 1\]/],
    ['beta1 1', () => new Adam({ beta1: 1 }), /Invalid `beta1` for Adam: expected a number in \[0, 1\)/],
    ['Lion beta1 0', () => new Lion({ beta1: 0 }), /Invalid `beta1` for Lion/],
    ['AdamW without weight decay', () => new AdamW({ weightDecay: null }), /Invalid `weightDecay` for AdamW/],
    ['an unknown name', () => get('adamm'), /Unknown optimizer "adamm": expected one of "sgd", "rmsprop", "adam"/],
    ['a bad decaySteps', () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }), /Invalid `decaySteps` for ExponentialDecay: expected a positive number, received 0/],
  ])('%s: ConfigError', (_what, make, message) => {
    let error: unknown;
    try { make(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(dl.ConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('setting a negative, NaN or (with a schedule) numeric learning rate throws and keeps the old one', () => {
    const opt = new SGD({ learningRate: 0.1 });
    expect(() => { opt.learningRate = -1; }).toThrow(dl.ConfigError);
    expect(() => { opt.learningRate = NaN; }).toThrow(dl.ConfigError);
    expect(opt.learningRate).toBe(0.1);
    opt.learningRate = 0.05;
    expect(opt.learningRate).toBe(0.05);
    const scheduled = new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }) });
    expect(() => { scheduled.learningRate = 0.01; }).toThrow(/has a schedule, so a number cannot replace it/);
    expect(scheduled.learningRate).toBe(0.1);
  });

  it('state of the wrong shape: ShapeError; missing or foreign slots: FormatError; nothing is assigned', async () => {
    const vars = makeVariables(3, [[2], [3]]);
    const opt = new Adam({ learningRate: 0.1 });
    stepAll(opt, vars, 2);
    const before = opt.getState();
    const snapshot = await Promise.all(Object.values(before.variables).map((t) => dl.read(t)));
    const bad = opt.getState();
    dl.dispose(bad.variables['velocity/1']!);
    bad.variables['velocity/1'] = dl.zeros([4]);
    bad.variables['momentum/0']!.dispose();
    bad.variables['momentum/0'] = dl.ones([2]);
    bad.iterations = 99;
    expect(() => opt.setState(bad)).toThrow(dl.ShapeError);
    expect(() => opt.setState(bad)).toThrow('Invalid state variable "velocity/1" for Adam: expected shape [3], received [4].');
    const sgdState = new SGD({ momentum: 0.9 });
    sgdState.build(vars);
    expect(() => opt.setState(sgdState.getState())).toThrow(dl.FormatError);
    expect(() => opt.setState({ ...before, iterations: -1 })).toThrow(dl.ConfigError);
    expect(() => new Adam().setState(before)).toThrow(/expected a built optimizer/);
    expect(opt.iterations).toBe(2);
    const after = opt.getState();
    expect(await Promise.all(Object.values(after.variables).map((t) => dl.read(t)))).toEqual(snapshot);
    dl.dispose([...Object.values(before.variables), ...Object.values(bad.variables), ...Object.values(after.variables), ...vars]);
    opt.dispose();
    sgdState.dispose();
  });

  it('a gradient of the wrong shape or an unknown variable throws before any update', async () => {
    const vars = makeVariables(4, [[2], [3]]);
    const opt = new SGD({ learningRate: 0.1, momentum: 0.9 });
    stepAll(opt, vars, 1);
    const w = await values(vars);
    const good = dl.ones([2]);
    const wrong = dl.ones([4]);
    expect(() => opt.apply([good, wrong], vars)).toThrow(dl.ShapeError);
    expect(() => opt.apply([good, wrong], vars)).toThrow(/expected shape \[3\], received \[4\]/);
    const stranger = makeVariables(5, [[2]]);
    expect(() => opt.apply([good], stranger)).toThrow(/Unknown variable/);
    expect(() => opt.apply([good], vars)).toThrow(/one gradient per variable \(2\), received 1/);
    expect(() => opt.apply([null, null], vars)).toThrow(/expected at least one gradient/);
    expect(await values(vars)).toEqual(w);
    expect(opt.iterations).toBe(1);
    dl.dispose([good, wrong, ...vars, ...stranger]);
    opt.dispose();
  });
});

describe('the shared machinery', () => {
  it('string names carry Keras 3 defaults', () => {
    const lrs = Object.fromEntries(['sgd', 'rmsprop', 'adam', 'adamw', 'adagrad', 'adadelta', 'adamax', 'nadam', 'lion', 'Adam', 'RMSprop']
      .map((n) => [n, get(n).learningRate]));
    expect(lrs).toEqual({ sgd: 0.01, rmsprop: 0.001, adam: 0.001, adamw: 0.001, adagrad: 0.001, adadelta: 0.001, adamax: 0.001, nadam: 0.001, lion: 0.001, Adam: 0.001, RMSprop: 0.001 });
    expect((get('rmsprop') as RMSprop).rho).toBe(0.9);
    expect((get('adamw') as AdamW).weightDecay).toBe(0.004);
    expect((get('adagrad') as Adagrad).initialAccumulatorValue).toBe(0.1);
    expect((get('adadelta') as Adadelta).rho).toBe(0.95);
    expect((get('lion') as Lion).beta2).toBe(0.99);
  });

  it('config round trip, with a schedule, through JSON', () => {
    const opt = new Nadam({ learningRate: new CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupTarget: 0.2, warmupSteps: 2 }), clipvalue: 0.5, useEma: true, name: 'n' });
    const json = JSON.parse(JSON.stringify(serialize(opt))) as ReturnType<typeof serialize>;
    const back = deserialize(json);
    expect(back).toBeInstanceOf(Nadam);
    expect(back.getConfig()).toEqual(opt.getConfig());
    expect(json.config['learningRate']).toEqual({ className: 'CosineDecay', config: { initialLearningRate: 0.1, decaySteps: 10, alpha: 0, warmupTarget: 0.2, warmupSteps: 2 } });
    expect(get(json)).toBeInstanceOf(Nadam);
    expect(get(back)).toBe(back);
  });

  it('registerOptimizer makes a downstream class loadable by name', () => {
    class HalfSGD extends SGD {
      static override readonly className = 'HalfSGD';
    }
    registerOptimizer(HalfSGD);
    expect(get('halfsgd')).toBeInstanceOf(HalfSGD);
    expect(deserialize(serialize(new HalfSGD({ learningRate: 0.3 })))).toBeInstanceOf(HalfSGD);
  });

  it('the learning rate is public and settable, and a schedule follows the iteration count', () => {
    const vars = makeVariables(2, [[2]]);
    const opt = new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 }) });
    expect(opt.learningRate).toBe(1);
    stepAll(opt, vars, 2);
    expect(opt.iterations).toBe(2);
    expect(opt.learningRate).toBe(0.25);
    opt.learningRate = new ExponentialDecay({ initialLearningRate: 2, decaySteps: 1, decayRate: 0.5 });
    expect(opt.learningRate).toBe(0.5);
    dl.dispose(vars);
  });

  it('gradient accumulation: the weights move every N steps; iterations counts updates', async () => {
    const vars = makeVariables(2, [[2]]);
    const opt = new SGD({ learningRate: 0.1, gradientAccumulationSteps: 3 });
    const w0 = await values(vars);
    stepAll(opt, vars, 2);
    expect(await values(vars)).toEqual(w0);
    expect(opt.iterations).toBe(0);
    stepAll(opt, vars, 1);
    expect(await values(vars)).not.toEqual(w0);
    expect(opt.iterations).toBe(1);
    dl.dispose(vars);
    opt.dispose();
  });

  it('EMA: finalizeVariableValues writes the averages; swapEmaWeights swaps twice back', async () => {
    const vars = makeVariables(2, [[3]]);
    const opt = new Adam({ learningRate: 0.1, useEma: true, emaMomentum: 0.5 });
    stepAll(opt, vars, 3);
    const w = await values(vars);
    const state = opt.getState();
    const avg = Array.from(await dl.read(state.variables['average/0']!));
    opt.swapEmaWeights();
    expect(await values(vars)).toEqual([avg]);
    opt.swapEmaWeights();
    expect(await values(vars)).toEqual(w);
    opt.finalizeVariableValues();
    expect(await values(vars)).toEqual([avg]);
    dl.dispose([...Object.values(state.variables), ...vars]);
    opt.dispose();
  });

  it('null gradients skip their variable; applyGradients takes pairs; minimize computes them', async () => {
    const vars = makeVariables(2, [[2], [2]]);
    const w = await values(vars);
    const opt = new SGD({ learningRate: 0.5 });
    const g = dl.ones([2]);
    opt.applyGradients([[g, vars[0]!], [null, vars[1]!]]);
    expect((await values(vars))[1]).toEqual(w[1]);
    expect((await values(vars))[0]).toEqual(w[0]!.map((x) => Math.fround(x - 0.5)));
    const loss = opt.minimize(() => dl.sum(dl.square(vars[1]!)), [vars[1]!]);
    expect(await dl.readScalar(loss)).toBeCloseTo(w[1]!.reduce((s, x) => s + x * x, 0), 5);
    expect((await values(vars))[1]).toEqual(w[1]!.map((x) => Math.fround(x - 0.5 * 2 * x)));
    dl.dispose([g, loss, ...vars]);
    opt.dispose();
  });

  it('a step leaves no tensors behind', async () => {
    const vars = makeVariables(2);
    const opt = new Adam({ learningRate: 0.01, clipnorm: 1, weightDecay: 0.1, useEma: true, gradientAccumulationSteps: 2 });
    stepAll(opt, vars, 1); // builds: slot variables are the optimizer's
    const g = gradients(vars);
    await dl.assertNoLeaks(() => { opt.apply(g, vars); opt.apply(g, vars); }, 'Adam.apply');
    dl.dispose([...g, ...vars]);
    opt.dispose();
  });
});

describe('speed: kernels per variable in one step', () => {
  async function kernelsPerVariable(make: () => Optimizer): Promise<number> {
    const count = async (n: number) => {
      const vars = makeVariables(1, Array.from({ length: n }, () => [4, 4]));
      const opt = make();
      stepAll(opt, vars, 1);
      const g = gradients(vars);
      const info = await dl.profile(() => opt.apply(g, vars));
      dl.dispose([...g, ...vars]);
      opt.dispose();
      return info.kernels.length;
    };
    const [a, b] = [await count(20), await count(40)];
    return (b - a) / 20;
  }

  // Keras' formulas with the per-step scalars computed on the host: this many kernels per variable, at most.
  it.each([
    ['SGD', () => new SGD({ learningRate: 0.1 }), 2],
    ['SGD momentum', () => new SGD({ learningRate: 0.1, momentum: 0.9 }), 4],
    ['RMSprop', () => new RMSprop(), 9],
    ['Adam', () => new Adam(), 12],
    ['Adam amsgrad', () => new Adam({ amsgrad: true }), 13],
    ['AdamW', () => new AdamW(), 14],
    ['Adagrad', () => new Adagrad(), 7],
    ['Adadelta', () => new Adadelta(), 16],
    ['Adamax', () => new Adamax(), 10],
    ['Nadam', () => new Nadam(), 15],
    ['Lion', () => new Lion(), 9],
    ['Adam + clipnorm', () => new Adam({ clipnorm: 1 }), 18],
    ['Adam + globalClipnorm', () => new Adam({ globalClipnorm: 1 }), 15],
    ['Adam + EMA', () => new Adam({ useEma: true }), 15],
  ])('%s', async (_name, make, bound) => {
    await dl.setBackend('cpu');
    const perVariable = await kernelsPerVariable(make as () => Optimizer);
    expect(perVariable).toBeLessThanOrEqual(bound as number);
  });
});
