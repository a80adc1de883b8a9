import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { ConfigError } from '@dl/tensor';
import { SimpleRNN, SimpleRNNCell, deserializeLayer, serializeLayer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

describe('SimpleRNN', () => {
  it('passes runLayerTest in its output modes', async () => {
    await runLayerTest(SimpleRNN, { args: [4], inputShape: [2, 5, 3], expectedOutputShape: [2, 4], expectedNumTrainableWeights: 3, supportsMasking: true });
    await runLayerTest(SimpleRNN, { args: [4, { returnSequences: true, goBackwards: true }], inputShape: [2, 5, 3], expectedOutputShape: [2, 5, 4] });
    await runLayerTest(SimpleRNN, { args: [4, { returnState: true, useBias: false }], inputShape: [2, 5, 3], expectedOutputShape: [[2, 4], [2, 4]], expectedNumTrainableWeights: 2 });
    await runLayerTest(SimpleRNN, { args: [3, { dropout: 0.2, recurrentDropout: 0.3, activation: 'relu' }], inputShape: [2, 4, 3], expectedOutputShape: [2, 3] });
  });

  it('has Keras 3 weights, defaults and config', () => {
    const rnn = new SimpleRNN(4, { name: 'rnn' });
    rnn.apply(dl.ones([1, 2, 3]));
    expect(rnn.weights.map((w) => [w.path, w.shape])).toEqual([['rnn/kernel', [3, 4]], ['rnn/recurrent_kernel', [4, 4]], ['rnn/bias', [4]]]);
    const config = rnn.getConfig();
    expect(config).toMatchObject({
      units: 4, activation: 'tanh', useBias: true, dropout: 0, recurrentDropout: 0, seed: null,
      returnSequences: false, returnState: false, goBackwards: false, stateful: false, unroll: false, zeroOutputForMask: false,
      kernelInitializer: { className: 'GlorotUniform' }, recurrentInitializer: { className: 'Orthogonal' }, biasInitializer: { className: 'Zeros' },
    });
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(rnn))));
    expect(copy).toBeInstanceOf(SimpleRNN);
    expect(copy.getConfig()).toEqual(config);
    expect((copy as SimpleRNN).cell).toBeInstanceOf(SimpleRNNCell);
  });

  it('rejects bad arguments with typed errors naming the layer', () => {
    expect(() => new SimpleRNN(0, { name: 'r' })).toThrow(/Invalid `units` for SimpleRNNCell "r": expected a positive integer, received 0/);
    expect(() => new SimpleRNN(2, { dropout: 1.5 })).toThrow(ConfigError);
    expect(() => new SimpleRNN(2, { recurrentDropout: -0.1 })).toThrow(/recurrentDropout/);
    expect(() => new SimpleRNN(2, { name: 's', stateful: true })).toThrow(/Invalid `stateful` for SimpleRNN "s": expected false/);
    expect(() => new SimpleRNN(2, { returnSequences: 'yes' as unknown as boolean })).toThrow(/returnSequences/);
    expect(() => new SimpleRNN(2, { activation: 'nope' as never })).toThrow(/Unknown activation/);
    expect(() => new SimpleRNN(2).apply(dl.ones([2, 3]))).toThrow(/expected ndim 3/);
    expect(() => new SimpleRNN(2).apply(dl.ones([2, 0, 3]))).toThrow(/at least one timestep/);
  });
});
