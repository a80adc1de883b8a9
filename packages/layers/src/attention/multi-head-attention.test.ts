// MultiHeadAttention against NumPy fixtures of Keras 3's equations
// (packages/layers/fixtures/attention_fixtures.py): outputs and attention scores, and the gradients
// of sum(output * r) against float64 central finite differences of the same equations.
import { readFileSync } from 'node:fs';
import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, type Tensor } from '@dl/tensor';
import { Embedding, Input, MultiHeadAttention, getMask } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-helpers';

type Nested = number | Nested[];
interface Case {
  name: string;
  numHeads: number; keyDim: number; valueDim: number; outputShape: number[]; useBias: boolean; useCausalMask: boolean;
  query: Nested; value: Nested; key: Nested | null;
  attentionMask: Nested | null; queryMask: Nested | null; valueMask: Nested | null;
  weights: Nested[]; output: Nested; scores: Nested; r: Nested;
  grads: Record<'query' | 'value' | 'key', Nested>; weightGrads: Nested[];
}

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/attention.json', import.meta.url), 'utf8')) as { cases: Case[] };
const t = (x: Nested, dtype: 'float32' | 'bool' = 'float32') => dl.tensor(x as number[], undefined, dtype);
const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);

describe('MultiHeadAttention equals the NumPy fixtures of Keras 3', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const mha = new MultiHeadAttention(c.numHeads, c.keyDim, { valueDim: c.valueDim, outputShape: c.outputShape, useBias: c.useBias });
      const q = t(c.query);
      const v = t(c.value);
      const inputs = (xs: Tensor[]) => (c.key === null ? xs.slice(0, 2) : xs);
      const ins = [q, v, c.key === null ? v : t(c.key)];
      const options = {
        mask: [c.queryMask === null ? null : t(c.queryMask, 'bool'), c.valueMask === null ? null : t(c.valueMask, 'bool'), null],
        ...(c.attentionMask === null ? {} : { attentionMask: t(c.attentionMask, 'bool') }),
        useCausalMask: c.useCausalMask,
      };
      mha.apply(inputs(ins)).dispose();
      mha.setWeights(c.weights.map((w) => t(w)));
      const [out, scores] = mha.applyAll(inputs(ins), { ...options, returnAttentionScores: true });
      await expectClose(out!, flat(c.output), 'output');
      await expectClose(scores!, flat(c.scores), 'scores');
      expect(out!.shape).toEqual(dl.tensor(c.output as number[]).shape);
      // Gradients: float32 autodiff against float64 finite differences, so rtol 1e-4 / atol 1e-5.
      const r = t(c.r);
      const loss = (...xs: Tensor[]) => dl.sum(dl.mul(mha.apply(inputs(c.key === null ? [xs[0]!, xs[1]!, xs[1]!] : xs), options), r));
      const g = dl.grads(loss)(c.key === null ? [q, v] : ins);
      await expectClose(g[0]!, flat(c.grads.query), 'query gradient', 1e-4, 1e-5);
      await expectClose(g[1]!, flat(c.grads.value), 'value gradient', 1e-4, 1e-5);
      if (c.key !== null) await expectClose(g[2]!, flat(c.grads.key), 'key gradient', 1e-4, 1e-5);
      const vars = mha.trainableWeights.map((w) => w.value);
      const { grads } = dl.variableGrads(() => loss(...ins) as dl.Scalar, vars);
      expect(vars).toHaveLength(c.weightGrads.length);
      for (let i = 0; i < vars.length; i++) await expectClose(grads[vars[i]!.name]!, flat(c.weightGrads[i]!), `gradient of ${mha.trainableWeights[i]!.path}`, 1e-4, 1e-5);
    });
  }
});

describe('MultiHeadAttention', () => {
  it('passes runLayerTest (self-attention, cross-attention with key) with Keras 3 weight layout', async () => {
    await runLayerTest(MultiHeadAttention, { args: [2, 3], inputShape: [[2, 4, 5], [2, 4, 5]], expectedOutputShape: [2, 4, 5], expectedNumTrainableWeights: 8, supportsMasking: true });
    await runLayerTest(MultiHeadAttention, { args: [2, 3, { valueDim: 2, outputShape: 7, useBias: false }], inputShape: [[2, 3, 5], [2, 4, 6], [2, 4, 8]], expectedOutputShape: [2, 3, 7], expectedNumTrainableWeights: 4 });
    const mha = new MultiHeadAttention(4, 8, { name: 'mha' });
    mha.apply([dl.ones([1, 3, 16]), dl.ones([1, 5, 12])]).dispose();
    expect(mha.weights.map((w) => [w.path, w.shape])).toEqual([
      ['mha/query/kernel', [16, 4, 8]], ['mha/query/bias', [4, 8]],
      ['mha/key/kernel', [12, 4, 8]], ['mha/key/bias', [4, 8]],
      ['mha/value/kernel', [12, 4, 8]], ['mha/value/bias', [4, 8]],
      ['mha/attention_output/kernel', [4, 8, 16]], ['mha/attention_output/bias', [16]],
    ]);
  });

  it('builds symbolically and passes the query mask on (from Embedding maskZero)', async () => {
    const ids = Input({ shape: [4], dtype: 'int32' });
    const x = new Embedding(10, 8, { maskZero: true }).apply(ids);
    expect(new MultiHeadAttention(2, 4).apply([x, x]).shape).toEqual([null, 4, 8]);
    const emb = new Embedding(10, 8, { maskZero: true });
    const e = emb.apply(dl.tensor2d([[3, 4, 0, 0]], [1, 4], 'int32'));
    const y = new MultiHeadAttention(2, 4).apply([e, e]);
    expect(Array.from(await getMask(y)!.data())).toEqual([1, 1, 0, 0]);
  });

  it('masked keys get zero attention; a masked query row is uniform (every key -1e9, as Keras)', async () => {
    const emb = new Embedding(10, 4, { maskZero: true });
    const e = emb.apply(dl.tensor2d([[3, 4, 0]], [1, 3], 'int32'));
    const [, scores] = new MultiHeadAttention(1, 2).applyAll([e, e], { returnAttentionScores: true });
    const s = Array.from(await scores!.data());
    expect([s[2], s[5]]).toEqual([0, 0]);
    await expectClose(s.slice(6, 9), [1 / 3, 1 / 3, 1 / 3], 'masked query row');
  });

  it('dropout on the attention probabilities applies only in training, seeded', async () => {
    const x = dl.randomNormal([2, 3, 4]);
    const mha = new MultiHeadAttention(2, 2, { dropout: 0.5, seed: 3 });
    const a = await mha.apply([x, x]).data();
    expect(Array.from(await mha.apply([x, x]).data())).toEqual(Array.from(a));
    expect(Array.from(await mha.apply([x, x], { training: true }).data())).not.toEqual(Array.from(a));
  });

  it('rejects bad arguments and inputs, and call options on symbolic inputs', () => {
    expect(() => new MultiHeadAttention(0, 2)).toThrow('Invalid `numHeads`');
    expect(() => new MultiHeadAttention(2, 2, { dropout: 1 })).toThrow(ConfigError);
    expect(() => new MultiHeadAttention(2, 2, { outputShape: [0] })).toThrow('Invalid `outputShape`');
    expect(() => new MultiHeadAttention(2, 2, { attentionAxes: [2] }).apply([dl.ones([1, 2, 3, 4]), dl.ones([1, 2, 3, 4])])).toThrow('Invalid `attentionAxes`');
    expect(() => new MultiHeadAttention(2, 2).apply([dl.ones([1, 2, 4])] as Tensor[])).toThrow(ShapeError);
    expect(() => new MultiHeadAttention(2, 2).apply([dl.ones([1, 2, 4]), dl.ones([1, 3, 4]), dl.ones([1, 2, 4])])).toThrow('the same sequence shape');
    const x = Input({ shape: [3, 4] });
    expect(() => new MultiHeadAttention(2, 2).apply([x, x], { useCausalMask: true })).toThrow('concrete calls only');
  });

  it('leaks nothing in a call with every mask', () => {
    const mha = new MultiHeadAttention(2, 2);
    const x = dl.ones([1, 3, 4]);
    const m = dl.ones([1, 3, 3], 'bool');
    mha.apply([x, x]).dispose();
    const before = dl.memory().numTensors;
    const [o, s] = mha.applyAll([x, x], { attentionMask: m, useCausalMask: true, returnAttentionScores: true, mask: [dl.ones([1, 3], 'bool'), null] });
    dl.dispose([o!, s!]);
    expect(dl.memory().numTensors).toBe(before + 1); // the mask made in this call's arguments
  });
});
