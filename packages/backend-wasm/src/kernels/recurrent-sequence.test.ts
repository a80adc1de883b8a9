// Oracle: the same recurrences composed from tfjs-core ops on the cpu backend, differentiated by
// tfjs-core's autodiff (runFusedRecurrent returns null there, so the reference runs). On wasm the
// fused kernels run: the SIMD module for LSTM with units a multiple of 4, the JS math otherwise.
import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import type { FusedRecurrentCell, Tensor } from '@dl/tensor';
import { TOLERANCE, input, maxErrorAgainstCpu, setSimd, wasmAllocationGrowth } from './testing';

const gates: Record<FusedRecurrentCell, number> = { lstm: 4, gru: 3, simpleRNN: 1 };

/** One step composed from ops, as the layers' step functions compute it. */
function step(cell: FusedRecurrentCell, x: Tensor, kernel: Tensor, bias: Tensor, recurrentBias: Tensor, h: Tensor, c: Tensor): [Tensor, Tensor] {
  const product = dl.matMul(h, kernel);
  if (cell === 'simpleRNN') {
    const out = dl.tanh(dl.add(dl.add(x, bias), product));
    return [out, c];
  }
  if (cell === 'lstm') {
    const [i, f, g, o] = dl.split(dl.add(dl.add(x, bias), product), 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const next = dl.add(dl.mul(dl.sigmoid(f), c), dl.mul(dl.sigmoid(i), dl.tanh(g)));
    return [dl.mul(dl.sigmoid(o), dl.tanh(next)), next];
  }
  const [xz, xr, xh] = dl.split(dl.add(x, bias), 3, 1) as [Tensor, Tensor, Tensor];
  const [rz, rr, rh] = dl.split(dl.add(product, recurrentBias), 3, 1) as [Tensor, Tensor, Tensor];
  const z = dl.sigmoid(dl.add(xz, rz));
  const r = dl.sigmoid(dl.add(xr, rr));
  const candidate = dl.tanh(dl.add(xh, dl.mul(r, rh)));
  return [dl.add(dl.mul(z, h), dl.mul(dl.sub(1, z), candidate)), c];
}

/** The contract of runFusedRecurrent, composed (masks as the layers' step loop applies them): [sequence, ...states]. */
function reference(cell: FusedRecurrentCell, t: Record<string, Tensor>, reverse: boolean, zeroOutput = false): Tensor[] {
  const [time] = t['x']!.shape as [number];
  let h = t['h0']!;
  let c = t['c0']!;
  let previous: Tensor | null = null;
  const outs: Tensor[] = [];
  for (let k = 0; k < time; k++) {
    const at = reverse ? time - 1 - k : k;
    const xt = dl.squeeze(dl.slice(t['x']!, [at, 0, 0], [1, -1, -1]), [0]);
    const [hNew, cNew] = step(cell, xt, t['kernel']!, t['bias']!, t['recurrentBias']!, h, c);
    let out = hNew;
    if (t['mask'] === undefined) {
      [h, c] = [hNew, cNew];
    } else {
      const keep = dl.cast(dl.reshape(dl.slice(t['mask'], [at, 0], [1, -1]), [-1, 1]), 'bool');
      out = dl.where(keep, hNew, zeroOutput ? dl.zerosLike(hNew) : previous ?? dl.zerosLike(hNew));
      [h, c] = [dl.where(keep, hNew, h), dl.where(keep, cNew, c)];
    }
    previous = out;
    outs.push(out);
  }
  return [dl.stack(outs, 0), h, ...(cell === 'lstm' ? [c] : [])];
}

interface Case {
  cell: FusedRecurrentCell; batch: number; time: number; inputs: number; units: number; reverse: boolean; sequences: boolean;
  /** Skip some steps of some rows (a mask), optionally outputting zeros there. */
  masked?: 'previous' | 'zeros';
}

/** (time, batch): row 0 skips its last steps, row 1 its first and one in the middle, the others nothing. */
function maskOf(time: number, batch: number): Tensor {
  const m = new Float32Array(time * batch).fill(1);
  for (let t = 0; t < time; t++) {
    if (t >= time - 2) m[t * batch] = 0;
    if (batch > 1 && (t === 0 || t === 2)) m[t * batch + 1] = 0;
  }
  return dl.tensor(m, [time, batch]);
}

/** Outputs, then the gradients of Σ w·outputs with respect to every input. */
function outputsAndGradients(c: Case): Tensor[] {
  const width = gates[c.cell] * c.units;
  const all: Record<string, Tensor> = {
    x: dl.mul(input([c.time, c.batch, width], 1), 1.5),
    kernel: dl.mul(input([c.units, width], 2), 0.7),
    bias: input([width], 3),
    recurrentBias: input([width], 4),
    h0: input([c.batch, c.units], 5),
    c0: input([c.batch, c.units], 6),
  };
  const mask = c.masked === undefined ? {} : { mask: maskOf(c.time, c.batch) };
  const zeroOutput = c.masked === 'zeros';
  const names = ['x', 'kernel', 'bias', ...(c.cell === 'gru' ? ['recurrentBias'] : []), 'h0', ...(c.cell === 'lstm' ? ['c0'] : [])];
  const run = (...ts: Tensor[]): Tensor[] => {
    const t = Object.fromEntries(names.map((n, i) => [n, ts[i]!]));
    const fused = dl.runFusedRecurrent(c.cell, { ...t, ...mask } as unknown as dl.FusedRecurrentInputs,
      { reverse: c.reverse, returnSequences: c.sequences, zeroOutputForMask: zeroOutput });
    if (fused !== null) return [...(fused.sequence === null ? [] : [fused.sequence]), fused.last, ...fused.states];
    const [sequence, ...states] = reference(c.cell, { ...all, ...t, ...mask }, c.reverse, zeroOutput);
    const last = dl.squeeze(dl.slice(sequence!, [c.time - 1, 0, 0], [1, -1, -1]), [0]);
    return [...(c.sequences ? [sequence!] : []), last, ...states];
  };
  const xs = names.map((n) => all[n]!);
  const outs = run(...xs);
  const weights = outs.map((o, i) => input(o.shape, 10 + i));
  const grads = dl.grads((...ts: Tensor[]) => dl.addN(run(...ts).map((o, i) => dl.sum(dl.mul(o, weights[i]!)))))(xs);
  return [...outs, ...grads];
}

const cases: Case[] = [];
for (const cell of ['lstm', 'gru', 'simpleRNN'] as const) {
  for (const units of [4, 3]) {
    cases.push({ cell, batch: 3, time: 5, inputs: 2, units, reverse: false, sequences: false });
    cases.push({ cell, batch: 2, time: 4, inputs: 3, units, reverse: true, sequences: true });
  }
}
cases.push({ cell: 'lstm', batch: 5, time: 7, inputs: 3, units: 8, reverse: false, sequences: true });
for (const cell of ['lstm', 'gru', 'simpleRNN'] as const) {
  for (const units of [4, 3]) {
    cases.push({ cell, batch: 3, time: 6, inputs: 2, units, reverse: false, sequences: false, masked: 'previous' });
    cases.push({ cell, batch: 3, time: 6, inputs: 2, units, reverse: true, sequences: true, masked: 'zeros' });
  }
}
cases.push({ cell: 'lstm', batch: 2, time: 5, inputs: 2, units: 8, reverse: true, sequences: true, masked: 'previous' });
cases.push({ cell: 'lstm', batch: 2, time: 1, inputs: 3, units: 4, reverse: true, sequences: false });

describe('fused recurrent sequences on wasm', () => {
  it('are registered, and absent on cpu (the composed loop runs there)', async () => {
    await dl.setBackend('cpu');
    expect(dl.hasFusedRecurrent('lstm')).toBe(false);
    await dl.setBackend('wasm');
    expect((['lstm', 'gru', 'simpleRNN'] as const).map((c) => dl.hasFusedRecurrent(c))).toEqual([true, true, true]);
  });

  it.each(cases)('$cell units $units, reverse $reverse, sequences $sequences, mask $masked: outputs and every gradient match the composed ops on cpu', async (c) => {
    expect(await maxErrorAgainstCpu(() => outputsAndGradients(c))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('match them with the SIMD step switched off too (the JS step math for every cell)', async () => {
    setSimd(false);
    try {
      for (const c of cases.filter((k) => k.units % 4 === 0)) {
        expect(await maxErrorAgainstCpu(() => outputsAndGradients(c))).toBeLessThanOrEqual(TOLERANCE);
      }
    } finally {
      setSimd(true);
    }
  });

  it('saturates like the composed ops (large pre-activations: sigmoid 0 or 1, tanh ±1)', async () => {
    const err = await maxErrorAgainstCpu(() => dl.tidy(() => {
      const x = dl.mul(input([3, 2, 16], 20), 200);
      const t = { x, kernel: input([4, 16], 21), h0: dl.zeros([2, 4]), c0: dl.zeros([2, 4]) };
      const fused = dl.runFusedRecurrent('lstm', t, { reverse: false, returnSequences: true });
      return fused === null ? reference('lstm', { ...t, bias: dl.zeros([16]), recurrentBias: dl.zeros([16]) }, false)[0]! : fused.sequence!;
    }));
    expect(err).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leak no tensors and no wasm buffers, forward and backward', async () => {
    for (const c of [cases[0]!, cases[3]!, cases[5]!, cases[14]!, cases.at(-1)!]) {
      expect(await wasmAllocationGrowth(() => outputsAndGradients(c))).toEqual([0, 0, 0]);
    }
  });
});
