import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { ConfigError, type Tensor } from '@dl/tensor';
import { Bidirectional, Dense, GRU, Input, LSTM, SimpleRNN, deserializeLayer, getMask, serializeLayer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

const values = (t: Tensor) => Array.from(t.dataSync());

describe('Bidirectional', () => {
  it('passes runLayerTest for each merge mode and output mode', async () => {
    await runLayerTest(Bidirectional, { args: [new LSTM(3)], inputShape: [2, 4, 5], expectedOutputShape: [2, 6], expectedNumTrainableWeights: 6, supportsMasking: true });
    await runLayerTest(Bidirectional, { args: [new GRU(3, { returnSequences: true }), { mergeMode: 'sum' }], inputShape: [2, 4, 5], expectedOutputShape: [2, 4, 3] });
    await runLayerTest(Bidirectional, { args: [new SimpleRNN(3), { mergeMode: null }], inputShape: [2, 4, 5], expectedOutputShape: [[2, 3], [2, 3]] });
    await runLayerTest(Bidirectional, {
      args: [new LSTM(3, { returnSequences: true, returnState: true }), { mergeMode: 'ave' }],
      inputShape: [2, 4, 5], expectedOutputShape: [[2, 4, 3], [2, 3], [2, 3], [2, 3], [2, 3]],
    });
  });

  it('rebuilds forward and backward layers from the config, as Keras 3', () => {
    const inner = new LSTM(4, { name: 'enc', returnSequences: true });
    const bi = new Bidirectional(inner, { name: 'bi' });
    expect(bi.forwardLayer.name).toBe('forward_enc');
    expect(bi.backwardLayer.name).toBe('backward_enc');
    expect(bi.forwardLayer.goBackwards).toBe(false);
    expect(bi.backwardLayer.goBackwards).toBe(true);
    expect(bi.forwardLayer.zeroOutputForMask).toBe(true);
    bi.apply(dl.ones([1, 2, 3]));
    expect(bi.weights.map((w) => w.path)).toEqual([
      'forward_enc/kernel', 'forward_enc/recurrent_kernel', 'forward_enc/bias',
      'backward_enc/kernel', 'backward_enc/recurrent_kernel', 'backward_enc/bias',
    ]);
    const config = bi.getConfig();
    expect(config).toMatchObject({ mergeMode: 'concat', layer: { className: 'LSTM', config: { name: 'forward_enc' } }, backwardLayer: { className: 'LSTM', config: { name: 'backward_enc', goBackwards: true } } });
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(bi)))) as Bidirectional;
    expect(copy.getConfig()).toEqual(config);
    const flipped = new Bidirectional(new GRU(2, { goBackwards: true }));
    expect([flipped.forwardLayer.goBackwards, flipped.backwardLayer.goBackwards]).toEqual([true, false]);
  });

  it('takes a custom backward layer and initial states (forward then backward)', () => {
    const bi = new Bidirectional(new LSTM(2), { backwardLayer: new LSTM(2, { goBackwards: true, name: 'back' }) });
    expect(bi.backwardLayer.name).toBe('back');
    const states = [0, 1, 2, 3].map(() => dl.zeros([1, 2]));
    const x = dl.ones([1, 3, 4]);
    expect(values(bi.apply([x, ...states]))).toEqual(values(bi.apply(x)));
    expect(bi.apply([Input({ shape: [3, 4] }), ...[0, 1, 2, 3].map(() => Input({ shape: [2] }))]).shape).toEqual([null, 4]);
    expect(() => bi.apply([x, states[0]!])).toThrow(/expected 4 \(forward then backward\), received 1/);
  });

  it('passes masks on with returnSequences', () => {
    const mask = dl.tensor2d([[1, 1, 0]], [1, 3], 'bool');
    const seq = new Bidirectional(new LSTM(2, { returnSequences: true }), { mergeMode: null });
    const outs = seq.applyAll(dl.ones([1, 3, 2]), { mask });
    expect(outs.map((o) => getMask(o))).toEqual([mask, mask]);
    // Masked steps output zeros in both directions (Keras forces zeroOutputForMask).
    expect(outs.flatMap((o) => values(o).slice(4, 6))).toEqual([0, 0, 0, 0]);
    expect(getMask(new Bidirectional(new LSTM(2)).apply(dl.ones([1, 3, 2]), { mask }))).toBeNull();
  });

  it('rejects bad arguments', () => {
    expect(() => new Bidirectional(new Dense(2) as never, { name: 'b' })).toThrow(/Invalid `layer` for Bidirectional "b": expected a recurrent layer/);
    expect(() => new Bidirectional({} as never)).toThrow(ConfigError);
    expect(() => new Bidirectional(new LSTM(2), { mergeMode: 'max' as never })).toThrow(/Invalid `mergeMode`.*"concat", "sum", "mul", "ave"/);
    expect(() => new Bidirectional(new LSTM(2), { backwardLayer: new LSTM(2) })).toThrow(/expected goBackwards true/);
    expect(() => new Bidirectional(new LSTM(2), { backwardLayer: new LSTM(2, { goBackwards: true, returnSequences: true }) })).toThrow(/expected returnSequences false/);
  });
});
