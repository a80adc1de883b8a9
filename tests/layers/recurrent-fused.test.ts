// The recurrent layers on wasm, where their whole sequence runs in the fused kernels, against
// the same layers on cpu, where the step loop of ops runs (itself checked against tfjs-layers
// and NumPy fixtures in @dl/layers): outputs, the input gradient and every weight gradient,
// with the flags, dropout in training, and the cases that must fall back to the loop.
import '@dl/backend-wasm/register';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { Bidirectional, GRU, LSTM, SimpleRNN, type Layer } from '@dl/layers';
import { input } from '../conformance/cases';

interface Run { values: Float32Array[]; kernels: string[] }

/** Builds the layer, sets its weights, and returns outputs and gradients of Σ r·y, with the kernels that ran. */
async function run(backend: string, make: () => Layer, shape: number[], options: { training?: boolean; mask?: boolean } = {}): Promise<Run> {
  await dl.setBackend(backend);
  dl.setSeed(11);
  const x = input(shape, 1);
  const mask = options.mask === true ? dl.tensor2d([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], [2, 5], 'bool') : undefined;
  const call = { training: options.training ?? false, ...(mask === undefined ? {} : { mask }) };
  const layer = make();
  dl.dispose(layer.applyAll(x, call));
  layer.setWeights(layer.weights.map((w, k) => input(w.shape, 20 + k, 0.5)));
  const loss = (ys: Tensor[]) => dl.addN(ys.map((y, i) => dl.sum(dl.mul(y, input(y.shape, 40 + i))))) as dl.Scalar;
  const profile = await dl.profile(() => {
    dl.setSeed(12);
    const ys = layer.applyAll(x, call);
    dl.setSeed(12);
    const { grads } = dl.variableGrads(() => loss(layer.applyAll(x, call)), layer.trainableWeights.map((w) => w.value));
    dl.setSeed(12);
    const gx = dl.grad((t: Tensor) => loss(layer.applyAll(t, call)))(x);
    return [...ys, ...layer.trainableWeights.map((w) => grads[w.value.name]!), gx];
  });
  const outs = profile.result as Tensor[];
  const values = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())));
  dl.dispose([...outs, x, ...(mask === undefined ? [] : [mask])]);
  layer.dispose();
  return { values, kernels: [...new Set(profile.kernelNames)] };
}

/** Largest |wasm − cpu| / (1 + |cpu|): the conformance suite's measure. */
function worst(a: Float32Array[], b: Float32Array[]): number {
  let e = 0;
  a.forEach((w, k) => w.forEach((v, i) => { e = Math.max(e, Math.abs(b[k]![i]! - v) / (1 + Math.abs(v))); }));
  return e;
}

const cases: [string, () => Layer, number[], { training?: boolean; mask?: boolean }][] = [
  ['LSTM(8)', () => new LSTM(8), [3, 6, 5], {}],
  ['LSTM(8) returnSequences, returnState, goBackwards', () => new LSTM(8, { returnSequences: true, returnState: true, goBackwards: true }), [2, 5, 3], {}],
  ['LSTM(3) (units not a multiple of 4: JS step math)', () => new LSTM(3, { returnSequences: true }), [2, 5, 3], {}],
  ['LSTM(8) with dropout, training', () => new LSTM(8, { dropout: 0.3 }), [3, 6, 5], { training: true }],
  ['GRU(6) returnSequences, returnState', () => new GRU(6, { returnSequences: true, returnState: true }), [2, 5, 4], {}],
  ['GRU(4) goBackwards', () => new GRU(4, { goBackwards: true }), [3, 4, 2], {}],
  ['SimpleRNN(5) returnSequences, goBackwards', () => new SimpleRNN(5, { returnSequences: true, goBackwards: true }), [2, 5, 3], {}],
  ['Bidirectional(LSTM(4)) returnSequences', () => new Bidirectional(new LSTM(4, { returnSequences: true })), [2, 5, 3], {}],
  ['LSTM(8) with a mask', () => new LSTM(8, { returnState: true }), [2, 5, 3], { mask: true }],
  ['LSTM(3) with a mask, returnSequences, goBackwards', () => new LSTM(3, { returnSequences: true, goBackwards: true }), [2, 5, 3], { mask: true }],
  ['GRU(4) with a mask, returnSequences', () => new GRU(4, { returnSequences: true }), [2, 5, 3], { mask: true }],
  ['SimpleRNN(4) with a mask, goBackwards, returnState', () => new SimpleRNN(4, { goBackwards: true, returnState: true }), [2, 5, 3], { mask: true }],
  ['Bidirectional(LSTM(4)) with a mask (masked steps output zeros)', () => new Bidirectional(new LSTM(4, { returnSequences: true })), [2, 5, 3], { mask: true }],
  ['Bidirectional(GRU(4)) with a mask, last outputs', () => new Bidirectional(new GRU(4)), [2, 5, 3], { mask: true }],
];

describe('recurrent layers on wasm (fused kernels) against cpu (step loop)', () => {
  it.each(cases)('%s', async (_name, make, shape, options) => {
    const cpu = await run('cpu', make, shape, options);
    const wasm = await run('wasm', make, shape, options);
    expect(wasm.kernels.some((k) => k.startsWith('Dl') && k.endsWith('Sequence'))).toBe(true);
    expect(cpu.kernels.some((k) => k.endsWith('Sequence'))).toBe(false);
    expect(worst(cpu.values, wasm.values)).toBeLessThanOrEqual(1e-4);
  });

  it('falls back to the step loop for recurrent dropout in training, other activations and GRU without resetAfter', async () => {
    const loops: [() => Layer, { training?: boolean; mask?: boolean }][] = [
      [() => new LSTM(4, { recurrentDropout: 0.2 }), { training: true }],
      [() => new LSTM(4, { activation: 'relu' }), {}],
      [() => new GRU(4, { resetAfter: false }), {}],
      [() => new SimpleRNN(4, { activation: 'relu' }), {}],
    ];
    for (const [make, options] of loops) {
      const cpu = await run('cpu', make, [2, 5, 3], options);
      const wasm = await run('wasm', make, [2, 5, 3], options);
      expect(wasm.kernels.some((k) => k.endsWith('Sequence'))).toBe(false);
      expect(worst(cpu.values, wasm.values)).toBeLessThanOrEqual(1e-4);
    }
  });
});
