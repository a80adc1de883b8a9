import { afterAll, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/register';
import { Adam, AdamW, RMSprop, type Optimizer } from '@dl/optimizers';
import { values } from '../../../tests/support/values';

/** Three steps of `make()` on two variables; returns the variables' and slots' final values. */
function train(make: () => Optimizer): Float32Array[] {
  // 20,000 weights and 25 biases: whole SIMD vectors and a scalar tail in the fused kernel.
  const w = dl.tidy(() => dl.variable(dl.tensor(values(20000, 1), [800, 25])));
  const b = dl.tidy(() => dl.variable(dl.tensor(values(25, 2), [25])));
  const opt = make();
  for (let step = 0; step < 3; step++) {
    const grads = [dl.tensor(values(20000, 10 + step), [800, 25]), dl.tensor(values(25, 20 + step), [25])];
    opt.apply(grads, [w, b]);
    dl.dispose(grads);
  }
  const out = [w, b, ...opt.variables].map((v) => Float32Array.from(v.dataSync()));
  dl.dispose([w, b]);
  opt.dispose();
  return out;
}

const fusedNames = Object.values(dl.fusedKernelNames);
const cases: Array<[string, () => Optimizer]> = [
  ['RMSprop', () => new RMSprop({ learningRate: 0.01 })],
  ['RMSprop with momentum', () => new RMSprop({ learningRate: 0.01, momentum: 0.9 })],
  ['Adam', () => new Adam({ learningRate: 0.01 })],
  ['Adam with amsgrad', () => new Adam({ learningRate: 0.01, amsgrad: true })],
  ['AdamW', () => new AdamW({ learningRate: 0.01, weightDecay: 0.1 })],
];

describe('fused optimizer updates on wasm', () => {
  const saved = new Map<string, dl.KernelConfig>();
  afterAll(() => {
    for (const config of saved.values()) if (dl.getKernel(config.kernelName, 'wasm') === undefined) dl.registerKernel(config);
  });

  it.each(cases)('%s: one kernel call per step for every variable, bit-identical to the composed ops on wasm and within 1e-6 of cpu', async (_, make) => {
    await dl.setBackend('cpu');
    const cpu = train(make);
    await dl.setBackend('wasm');
    for (const name of fusedNames) expect(dl.getKernel(name, 'wasm')).toBeDefined();
    const before = dl.memory().numTensors;
    const profile = await dl.profile(() => { train(make); });
    expect(profile.kernels.filter((k) => fusedNames.includes(k.name as never))).toHaveLength(3); // 3 steps, 2 variables each
    const fused = train(make);
    expect(dl.memory().numTensors).toBe(before);

    for (const name of fusedNames) {
      saved.set(name, dl.getKernel(name, 'wasm')!);
      dl.unregisterKernel(name, 'wasm');
    }
    const composed = train(make);
    for (const config of saved.values()) dl.registerKernel(config);

    expect(fused.length).toBe(composed.length);
    fused.forEach((f, i) => expect(f).toEqual(composed[i]));
    let worst = 0;
    fused.forEach((f, i) => {
      const want = cpu[i]!;
      for (let j = 0; j < f.length; j++) worst = Math.max(worst, Math.abs(f[j]! - want[j]!) / (1 + Math.abs(want[j]!)));
    });
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('leaves centered RMSprop to the composed ops', async () => {
    await dl.setBackend('wasm');
    const profile = await dl.profile(() => { train(() => new RMSprop({ centered: true })); });
    expect(profile.kernelNames).not.toContain(dl.fusedKernelNames.rmsprop);
  });
});
