import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { GRU, GRUCell, Input, LSTM, LSTMCell, RNN, SimpleRNN, SimpleRNNCell, deserializeLayer, getMask, serializeLayer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

const values = (t: Tensor) => Array.from(t.dataSync());

function expectClose(a: Tensor, b: Tensor, tol = 1e-6): void {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [values(a), values(b)];
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(tol));
}

describe('RNN(cell) and the cells', () => {
  it('passes runLayerTest with each cell', async () => {
    await runLayerTest(SimpleRNNCell, { args: [3], inputShape: [[2, 5], [2, 3]], expectedOutputShape: [[2, 3], [2, 3]] });
    await runLayerTest(LSTMCell, { args: [3], inputShape: [[2, 5], [2, 3], [2, 3]], expectedOutputShape: [[2, 3], [2, 3], [2, 3]] });
    await runLayerTest(GRUCell, { args: [3, { resetAfter: false }], inputShape: [[2, 5], [2, 3]], expectedOutputShape: [[2, 3], [2, 3]] });
  });

  it('RNN(LSTMCell) is LSTM, and a cell step is a one-step RNN', () => {
    dl.setSeed(1);
    const x = dl.randomNormal([2, 4, 3]);
    const lstm = new LSTM(3, { returnState: true });
    const rnn = new RNN(new LSTMCell(3), { returnState: true });
    lstm.applyAll(x);
    rnn.applyAll(x);
    rnn.setWeights(lstm.getWeights());
    lstm.applyAll(x).forEach((y, i) => expectClose(y, rnn.applyAll(x)[i]!, 0));

    const x1 = dl.slice(x, [0, 0, 0], [2, 1, 3]);
    const [, h, c] = lstm.applyAll(x1);
    const [y, h2, c2] = lstm.cell.applyAll([dl.squeeze(x1, [1]), dl.zeros([2, 3]), dl.zeros([2, 3])]);
    expectClose(y!, h!, 0);
    expectClose(h2!, h!, 0);
    expectClose(c2!, c!, 0);
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(rnn)))) as RNN;
    expect(copy.cell).toBeInstanceOf(LSTMCell);
    expect(copy.getConfig()).toEqual(rnn.getConfig());
  });

  it('rejects a non-cell and wrong initial states', () => {
    expect(() => new RNN({} as never)).toThrow(/Invalid `cell` for RNN/);
    const lstm = new LSTM(3);
    expect(() => lstm.apply([dl.ones([2, 4, 3]), dl.zeros([2, 3])])).toThrow(/Invalid initial states for LSTM "lstm[_0-9]*": expected 2 of shapes \(2, 3\), \(2, 3\)/);
    expect(() => lstm.apply([dl.ones([2, 4, 3]), dl.zeros([2, 3]), dl.zeros([2, 4])])).toThrow(/initial states/);
    expect(() => new SimpleRNNCell(2).apply([dl.ones([2, 3])])).toThrow(/expected \[input, 1 state\(s\)\]/);
  });
});

describe('recurrent semantics', () => {
  it('a masked step leaves the state unchanged and repeats the previous output', () => {
    dl.setSeed(2);
    const x = dl.randomNormal([1, 4, 3]);
    for (const layer of [new SimpleRNN(3, { returnSequences: true, returnState: true }), new GRU(3, { returnSequences: true, returnState: true }), new LSTM(3, { returnSequences: true, returnState: true })]) {
      const mask = dl.tensor2d([[1, 0, 1, 0]], [1, 4], 'bool');
      const [seq, ...states] = layer.applyAll(x, { mask });
      // The same sequence with the masked steps removed.
      const kept = dl.gather(x, [0, 2], 1);
      const [seq2, ...states2] = layer.applyAll(kept);
      const s = dl.unstack(seq!, 1);
      const s2 = dl.unstack(seq2!, 1);
      expectClose(s[0]!, s2[0]!);
      expectClose(s[1]!, s[0]!, 0); // masked: the previous output again
      expectClose(s[2]!, s2[1]!);
      expectClose(s[3]!, s2[1]!, 0);
      states.forEach((st, i) => expectClose(st, states2[i]!));
      expect(getMask(seq!)).toBe(mask);
    }
  });

  it('masked steps before any input output zeros; zeroOutputForMask zeroes every masked step', () => {
    const x = dl.ones([1, 3, 2]);
    const mask = dl.tensor2d([[0, 1, 0]], [1, 3], 'bool');
    const plain = new SimpleRNN(2, { returnSequences: true });
    const y = values(plain.apply(x, { mask }));
    expect(y.slice(0, 2)).toEqual([0, 0]);
    expect(y.slice(4, 6)).toEqual(y.slice(2, 4));
    const zeroing = new SimpleRNN(2, { returnSequences: true, zeroOutputForMask: true });
    zeroing.apply(x);
    zeroing.setWeights(plain.getWeights());
    const z = values(zeroing.apply(x, { mask }));
    expect(z.slice(4, 6)).toEqual([0, 0]);
    expect(z.slice(2, 4)).toEqual(y.slice(2, 4));
  });

  it('takes initial states as extra inputs', () => {
    dl.setSeed(3);
    const x = dl.randomNormal([2, 3, 4]);
    const lstm = new LSTM(2, { returnState: true });
    const [, h, c] = lstm.applyAll(dl.slice(x, [0, 0, 0], [2, 2, 4]));
    const [last] = lstm.applyAll([dl.slice(x, [0, 2, 0], [2, 1, 4]), h!, c!]);
    expectClose(last!, lstm.applyAll(x)[0]!);
    const symbolic = lstm.applyAll([Input({ shape: [3, 4] }), Input({ shape: [2] }), Input({ shape: [2] })]);
    expect(symbolic.map((s) => s.shape)).toEqual([[null, 2], [null, 2], [null, 2]]);
  });

  it('dropout: masks drawn once per call, repeatable with setSeed or seed, none at inference', () => {
    dl.setSeed(4);
    const x = dl.randomNormal([2, 5, 3]);
    for (const args of [{ dropout: 0.5 }, { recurrentDropout: 0.5 }, { dropout: 0.3, recurrentDropout: 0.3 }]) {
      for (const make of [(a: object) => new LSTM(3, a), (a: object) => new GRU(3, a), (a: object) => new SimpleRNN(3, a)]) {
        const layer = make(args);
        const reference = make({});
        layer.apply(x);
        reference.apply(x);
        reference.setWeights(layer.getWeights());
        expectClose(layer.apply(x), reference.apply(x), 0); // inference: no dropout
        dl.setSeed(10);
        const a = layer.apply(x, { training: true });
        dl.setSeed(10);
        const b = layer.apply(x, { training: true });
        expectClose(a, b, 0);
        expect(values(dl.abs(dl.sub(a, reference.apply(x)))).some((d) => d > 1e-4)).toBe(true);
      }
    }
    const seeded = () => new LSTM(3, { dropout: 0.5, seed: 42, kernelInitializer: 'ones', recurrentInitializer: 'ones' });
    expectClose(seeded().apply(x, { training: true }), seeded().apply(x, { training: true }), 0);
  });

  it('input dropout uses the same mask at every step (Keras 3)', () => {
    // With a zero recurrent kernel and identical steps, every step's output is the same only if the mask is.
    const seq = new SimpleRNN(4, { dropout: 0.5, recurrentInitializer: 'zeros', kernelInitializer: 'ones', returnSequences: true });
    const x = dl.ones([3, 6, 8]);
    dl.setSeed(5);
    const steps = dl.unstack(seq.apply(x, { training: true }), 1);
    steps.forEach((s) => expectClose(s, steps[0]!, 0));
  });

  it('casts int inputs and leaks no tensors', () => {
    const lstm = new LSTM(2, { returnSequences: true, dropout: 0.5, recurrentDropout: 0.5 });
    const x = dl.ones([1, 2, 3]);
    lstm.apply(x).dispose();
    const before = dl.memory().numTensors;
    lstm.apply(x, { training: true, mask: dl.ones([1, 2], 'bool') }).dispose();
    expect(dl.memory().numTensors).toBe(before + 1); // the mask given here
    expect(lstm.apply(dl.ones([1, 2, 3], 'int32')).dtype).toBe('float32');
  });
});
