import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { Dense, Embedding, Flatten, LSTM, TimeDistributed, deserializeLayer, getMask, serializeLayer, type Layer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

/**
 * Constructor arguments whose inner layer is new at each construction: TimeDistributed wraps
 * the instance it gets (as Keras), and runLayerTest builds and disposes two layers from `args`.
 */
function fresh(make: () => Layer): [Layer] {
  const args: Layer[] = [];
  Object.defineProperty(args, 0, { get: make, enumerable: true });
  return args as unknown as [Layer];
}

describe('TimeDistributed', () => {
  it('passes runLayerTest', async () => {
    await runLayerTest(TimeDistributed, { args: fresh(() => new Dense(4)), inputShape: [2, 3, 5], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 2, supportsMasking: true });
    await runLayerTest(TimeDistributed, { args: fresh(() => new Flatten()), inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 3, 20] });
    await runLayerTest(TimeDistributed, { args: fresh(() => new LSTM(2)), inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 3, 2] });
  });

  it('applies the same layer to every step', () => {
    dl.setSeed(1);
    const dense = new Dense(3);
    const td = new TimeDistributed(dense);
    const x = dl.randomNormal([2, 4, 5]);
    const y = dl.unstack(td.apply(x), 1);
    dl.unstack(x, 1).forEach((step, t) => expect(Array.from(dense.apply(step).dataSync())).toEqual(Array.from(y[t]!.dataSync())));
    expect(td.weights).toEqual(dense.weights);
  });

  it('passes the mask through and round-trips its config', () => {
    const ids = dl.tensor2d([[1, 2, 0]], [1, 3], 'int32');
    const e = new Embedding(5, 4, { maskZero: true }).apply(ids);
    const td = new TimeDistributed(new Dense(2), { name: 'td' });
    expect(Array.from(getMask(td.apply(e))!.dataSync())).toEqual([1, 1, 0]);
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(td))));
    expect(copy.getConfig()).toEqual(td.getConfig());
    expect(td.getConfig()['layer']).toMatchObject({ className: 'Dense', config: { units: 2 } });
  });

  it('rejects bad arguments and inputs', () => {
    expect(() => new TimeDistributed('dense' as never, { name: 't' })).toThrow(/Invalid `layer` for TimeDistributed "t": expected a Layer/);
    expect(() => new TimeDistributed(new Dense(2)).apply(dl.ones([2, 3]))).toThrow(/expected ndim >= 3/);
    expect(() => new TimeDistributed(new Dense(2)).apply(dl.ones([2, 3, 4]), { mask: dl.ones([2, 2], 'bool') })).toThrow(/Invalid mask/);
  });
});
