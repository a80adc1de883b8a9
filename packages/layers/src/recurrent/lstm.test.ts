import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { LSTM, LSTMCell, deserializeLayer, serializeLayer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

describe('LSTM', () => {
  it('passes runLayerTest in its output modes', async () => {
    await runLayerTest(LSTM, { args: [4], inputShape: [2, 5, 3], expectedOutputShape: [2, 4], expectedNumTrainableWeights: 3, supportsMasking: true });
    await runLayerTest(LSTM, { args: [4, { returnSequences: true, returnState: true }], inputShape: [2, 5, 3], expectedOutputShape: [[2, 5, 4], [2, 4], [2, 4]] });
    await runLayerTest(LSTM, { args: [3, { goBackwards: true, useBias: false, unitForgetBias: false }], inputShape: [2, 4, 3], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 2 });
    // One timestep (tfjs-core's unstack gradient fails on a size-1 axis; the loop avoids it).
    await runLayerTest(LSTM, { args: [3, { returnSequences: true }], inputShape: [2, 1, 3], expectedOutputShape: [2, 1, 3] });
    await runLayerTest(LSTM, { args: [3, { dropout: 0.25, recurrentDropout: 0.25, kernelRegularizer: 'l2' }], inputShape: [2, 4, 3], expectedOutputShape: [2, 3] });
  });

  it('has Keras 3 weights: gates i, f, c, o and a forget bias of 1', async () => {
    const lstm = new LSTM(2, { name: 'l' });
    lstm.apply(dl.ones([1, 2, 3]));
    expect(lstm.weights.map((w) => [w.path, w.shape])).toEqual([['l/kernel', [3, 8]], ['l/recurrent_kernel', [2, 8]], ['l/bias', [8]]]);
    expect(await dl.readArray(lstm.cell.bias!.value)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const plain = new LSTM(2, { unitForgetBias: false, biasInitializer: 'ones' });
    plain.apply(dl.ones([1, 2, 3]));
    expect(await dl.readArray(plain.cell.bias!.value)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('round-trips its config, flat as Keras writes it', () => {
    const lstm = new LSTM(5, { recurrentActivation: 'hardSigmoid', dropout: 0.1, seed: 3, returnSequences: true });
    const config = lstm.getConfig();
    expect(config).toMatchObject({ units: 5, recurrentActivation: 'hardSigmoid', unitForgetBias: true, dropout: 0.1, seed: 3, returnSequences: true });
    expect(config['cell']).toBeUndefined();
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(lstm))));
    expect(copy.getConfig()).toEqual(config);
    expect((copy as LSTM).cell).toBeInstanceOf(LSTMCell);
  });

  it('rejects a non-boolean unitForgetBias', () => {
    expect(() => new LSTM(2, { unitForgetBias: 1 as unknown as boolean })).toThrow(/unitForgetBias/);
  });
});
