// Keras 3's GRU with resetAfter (its default, which tfjs-layers cannot run) and Bidirectional
// with masks and returnSequences (Keras zeroes masked outputs; tfjs-layers does not), against
// NumPy: fixtures/recurrent_fixtures.py implements Keras 3's equations in float64, gradients by
// central finite differences.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { Bidirectional, GRU, type Layer } from '@dl/layers';

interface Case {
  name: string;
  units: number;
  flags: { returnSequences?: boolean; returnState?: boolean; goBackwards?: boolean };
  useBias: boolean;
  x: number[][][];
  mask: number[][] | null;
  weights: number[][][];
  coefs: unknown[];
  outputs: unknown[];
  inputGradient: number[][][];
  weightGradients: unknown[];
}

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/recurrent.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** float32 against float64: |a − b| ≤ 1e-6 + 1e-5·|b|. */
function expectClose(actual: Tensor, expected: unknown, what: string): void {
  const want = dl.tensor(expected as number[]);
  expect(actual.shape, what).toEqual(want.shape);
  const a = actual.dataSync();
  const b = want.dataSync();
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= 1e-6 + 1e-5 * Math.abs(b[i]!))) throw new Error(`${what}: element ${i} is ${a[i]}, expected ${b[i]} (NumPy)`);
  }
}

function layerFor(c: Case): Layer {
  const gru = new GRU(c.units, { ...c.flags, useBias: c.useBias });
  return c.name.startsWith('Bidirectional') ? new Bidirectional(gru) : gru;
}

describe('GRU (resetAfter) and Bidirectional masks against NumPy fixtures', () => {
  it('covers the cases', () => {
    expect(fixtures.cases.length).toBe(8);
  });
  for (const c of fixtures.cases) {
    it(c.name, () => {
      const layer = layerFor(c);
      const x = dl.tensor3d(c.x);
      const options = c.mask === null ? {} : { mask: dl.cast(dl.tensor2d(c.mask), 'bool') };
      layer.applyAll(x, options);
      layer.setWeights(c.weights.map((w) => dl.tensor(w)));
      const ys = layer.applyAll(x, options);
      expect(ys.length).toBe(c.outputs.length);
      ys.forEach((y, i) => expectClose(y, c.outputs[i], `output ${i}`));

      const coefs = c.coefs.map((k) => dl.tensor(k as number[]));
      const loss = (out: Tensor[]) => dl.addN(out.map((y, i) => dl.sum(dl.mul(y, coefs[i]!)))) as dl.Scalar;
      expectClose(dl.grad((v: Tensor) => loss(layer.applyAll(v, options)))(x), c.inputGradient, 'input gradient');
      const vars = layer.trainableWeights.map((w) => w.value);
      const { grads } = dl.variableGrads(() => loss(layer.applyAll(x, options)), vars);
      layer.trainableWeights.forEach((w, i) => expectClose(grads[w.value.name]!, c.weightGradients[i], `gradient of ${w.path}`));
    });
  }
});
