import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { GRU, GRUCell, deserializeLayer, serializeLayer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

describe('GRU', () => {
  it('passes runLayerTest with resetAfter true (Keras 3 default) and false', async () => {
    await runLayerTest(GRU, { args: [4], inputShape: [2, 5, 3], expectedOutputShape: [2, 4], expectedNumTrainableWeights: 3, supportsMasking: true });
    await runLayerTest(GRU, { args: [4, { resetAfter: false, returnSequences: true }], inputShape: [2, 5, 3], expectedOutputShape: [2, 5, 4] });
    await runLayerTest(GRU, { args: [3, { returnState: true, goBackwards: true }], inputShape: [2, 4, 3], expectedOutputShape: [[2, 3], [2, 3]] });
    await runLayerTest(GRU, { args: [3, { dropout: 0.3, recurrentDropout: 0.3 }], inputShape: [2, 4, 3], expectedOutputShape: [2, 3] });
    await runLayerTest(GRU, { args: [3, { resetAfter: false, dropout: 0.3, recurrentDropout: 0.3, useBias: false }], inputShape: [2, 4, 3], expectedOutputShape: [2, 3] });
  });

  it('has Keras 3 weight shapes: bias (2, 3·units) with resetAfter, (3·units) without', () => {
    const a = new GRU(4, { name: 'g' });
    a.apply(dl.ones([1, 2, 3]));
    expect(a.weights.map((w) => [w.path, w.shape])).toEqual([['g/kernel', [3, 12]], ['g/recurrent_kernel', [4, 12]], ['g/bias', [2, 12]]]);
    const b = new GRU(4, { resetAfter: false });
    b.apply(dl.ones([1, 2, 3]));
    expect(b.weights[2]!.shape).toEqual([12]);
    expect(a.getConfig()).toMatchObject({ resetAfter: true, recurrentActivation: 'sigmoid', activation: 'tanh' });
  });

  it('round-trips its config', () => {
    const gru = new GRU(3, { resetAfter: false, returnState: true });
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(gru))));
    expect(copy.getConfig()).toEqual(gru.getConfig());
    expect((copy as GRU).cell).toBeInstanceOf(GRUCell);
    expect(() => new GRU(3, { resetAfter: 'no' as unknown as boolean })).toThrow(/resetAfter/);
  });
});
