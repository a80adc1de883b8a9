import * as dl from '@dl/tensor';
import { ConfigError, ShapeError } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  AveragePooling1D, AveragePooling2D, Embedding, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D,
  GlobalMaxPooling2D, Input, MaxPooling1D, MaxPooling2D, getMask, serializeLayer,
} from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

describe('runLayerTest', () => {
  it('MaxPooling1D/2D and AveragePooling1D/2D', async () => {
    await runLayerTest(MaxPooling1D, { args: [], inputShape: [2, 7, 3], expectedOutputShape: [2, 3, 3], expectedNumTrainableWeights: 0 });
    await runLayerTest(MaxPooling1D, { args: [3, { strides: 2, padding: 'same', dataFormat: 'channelsFirst' }], inputShape: [2, 3, 7], expectedOutputShape: [2, 3, 4] });
    await runLayerTest(MaxPooling2D, { args: [[2, 3]], inputShape: [2, 6, 7, 2], expectedOutputShape: [2, 3, 2, 2] });
    await runLayerTest(MaxPooling2D, { args: [3, { strides: 2, padding: 'same' }], inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 3, 3, 2] });
    await runLayerTest(AveragePooling1D, { args: [2, { strides: 1 }], inputShape: [2, 5, 3], expectedOutputShape: [2, 4, 3] });
    await runLayerTest(AveragePooling2D, { args: [2, { padding: 'same' }], inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 3, 3, 2] });
    await runLayerTest(AveragePooling2D, { args: [2, { dataFormat: 'channelsFirst' }], inputShape: [1, 2, 4, 6], expectedOutputShape: [1, 2, 2, 3] });
  });

  it('global pooling, with and without keepdims', async () => {
    await runLayerTest(GlobalMaxPooling1D, { args: [], inputShape: [2, 5, 3], expectedOutputShape: [2, 3] });
    await runLayerTest(GlobalMaxPooling1D, { args: [{ keepdims: true, dataFormat: 'channelsFirst' }], inputShape: [2, 3, 5], expectedOutputShape: [2, 3, 1] });
    await runLayerTest(GlobalAveragePooling1D, { args: [{ keepdims: true }], inputShape: [2, 5, 3], expectedOutputShape: [2, 1, 3], supportsMasking: true });
    await runLayerTest(GlobalMaxPooling2D, { args: [{ keepdims: true }], inputShape: [2, 4, 3, 2], expectedOutputShape: [2, 1, 1, 2] });
    await runLayerTest(GlobalAveragePooling2D, { args: [], inputShape: [2, 4, 3, 2], expectedOutputShape: [2, 2] });
    await runLayerTest(GlobalAveragePooling2D, { args: [{ dataFormat: 'channelsFirst', keepdims: true }], inputShape: [2, 2, 4, 3], expectedOutputShape: [2, 2, 1, 1] });
  });
});

describe('semantics', () => {
  it('strides default to the pool size, and the config says so', () => {
    const config = serializeLayer(new MaxPooling2D([2, 3], { name: 'p' })).config;
    expect(config).toEqual({ name: 'p', trainable: true, dtype: 'float32', poolSize: [2, 3], padding: 'valid', strides: [2, 3], dataFormat: 'channelsLast' });
  });

  it('GlobalAveragePooling1D averages the unmasked steps of an Embedding, ignores NaN there, and drops the mask', async () => {
    const emb = new Embedding(5, 2, { maskZero: true });
    const ids = dl.tensor2d([[1, 2, 0], [3, 0, 0]], [2, 3], 'int32');
    const vectors = emb.apply(ids);
    const pooled = new GlobalAveragePooling1D().apply(vectors);
    expect(getMask(pooled)).toBeNull();
    const v = (await vectors.array()) as number[][][];
    const got = (await pooled.array()) as number[][];
    for (let j = 0; j < 2; j++) {
      expect(got[0]![j]).toBeCloseTo((v[0]![0]![j]! + v[0]![1]![j]!) / 2, 6);
      expect(got[1]![j]).toBeCloseTo(v[1]![0]![j]!, 6);
    }
    const withNaN = dl.tensor3d([[[1, 2], [NaN, NaN], [3, 4]]]);
    const masked = new GlobalAveragePooling1D().apply(withNaN, { mask: dl.tensor2d([[1, 0, 1]], [1, 3], 'bool') });
    expect(await masked.array()).toEqual([[2, 3]]);
    dl.dispose([ids, vectors, pooled, withNaN, masked]);
    emb.dispose();
  });

  it('symbolic shapes keep unknown sizes unknown', () => {
    expect(new MaxPooling1D(2).apply(Input({ shape: [null, 4] })).shape).toEqual([null, null, 4]);
    expect(new GlobalMaxPooling2D().apply(Input({ shape: [null, null, 3] })).shape).toEqual([null, 3]);
  });
});

describe('errors', () => {
  it('rejects bad arguments and too small inputs', () => {
    expect(() => new MaxPooling2D(0)).toThrow(ConfigError);
    expect(() => new MaxPooling2D(2, { name: 'mp', strides: [1, 0] })).toThrow('Invalid `strides` for MaxPooling2D "mp": expected a positive integer or an array of 2, received [1,0].');
    expect(() => new AveragePooling1D(2, { padding: 'causal' as 'same' })).toThrow(/`padding`/);
    expect(() => new GlobalAveragePooling1D({ keepdims: 'yes' as unknown as boolean })).toThrow(/`keepdims`/);
    expect(() => new GlobalMaxPooling2D({ dataFormat: 'NHWC' as 'channelsLast' })).toThrow(/`dataFormat`/);
    expect(() => new MaxPooling2D(3).apply(dl.zeros([1, 2, 4, 1]))).toThrow(ShapeError);
    expect(() => new GlobalMaxPooling1D().apply(dl.zeros([2, 3]))).toThrow(/expected ndim 3/);
  });
});
