import * as dl from '@dl/tensor';
import { ConfigError, ShapeError } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { Cropping1D, Cropping2D, Input, UpSampling1D, UpSampling2D, ZeroPadding1D, ZeroPadding2D, serializeLayer } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

describe('runLayerTest', () => {
  it('ZeroPadding1D/2D', async () => {
    await runLayerTest(ZeroPadding1D, { args: [], inputShape: [2, 3, 2], expectedOutputShape: [2, 5, 2], expectedNumTrainableWeights: 0 });
    await runLayerTest(ZeroPadding1D, { args: [[0, 3]], inputShape: [2, 3, 2], expectedOutputShape: [2, 6, 2] });
    await runLayerTest(ZeroPadding2D, { args: [], inputShape: [2, 3, 4, 2], expectedOutputShape: [2, 5, 6, 2] });
    await runLayerTest(ZeroPadding2D, { args: [[[1, 0], [2, 3]], { dataFormat: 'channelsFirst' }], inputShape: [1, 2, 3, 3], expectedOutputShape: [1, 2, 4, 8] });
  });

  it('Cropping1D/2D', async () => {
    await runLayerTest(Cropping1D, { args: [], inputShape: [2, 5, 2], expectedOutputShape: [2, 3, 2] });
    await runLayerTest(Cropping1D, { args: [[0, 2]], inputShape: [2, 5, 2], expectedOutputShape: [2, 3, 2] });
    await runLayerTest(Cropping2D, { args: [[1, 2]], inputShape: [1, 5, 6, 2], expectedOutputShape: [1, 3, 2, 2] });
    await runLayerTest(Cropping2D, { args: [[[1, 0], [0, 2]], { dataFormat: 'channelsFirst' }], inputShape: [1, 2, 5, 6], expectedOutputShape: [1, 2, 4, 4] });
  });

  it('UpSampling1D/2D', async () => {
    await runLayerTest(UpSampling1D, { args: [], inputShape: [2, 3, 2], expectedOutputShape: [2, 6, 2] });
    await runLayerTest(UpSampling2D, { args: [[2, 3]], inputShape: [1, 2, 3, 2], expectedOutputShape: [1, 4, 9, 2] });
    await runLayerTest(UpSampling2D, { args: [2, { interpolation: 'bilinear', dataFormat: 'channelsFirst' }], inputShape: [1, 2, 3, 3], expectedOutputShape: [1, 2, 6, 6] });
  });
});

describe('semantics', () => {
  it('pads with zeros where Keras does, and crops what Keras crops', async () => {
    const x = dl.tensor3d([[[1], [2]]]);
    expect(await new ZeroPadding1D([1, 2]).apply(x).array()).toEqual([[[0], [1], [2], [0], [0]]]);
    expect(await new Cropping1D([1, 0]).apply(x).array()).toEqual([[[2]]]);
    expect(await new UpSampling1D(2).apply(x).array()).toEqual([[[1], [1], [2], [2]]]);
    const img = dl.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(await dl.reshape(new UpSampling2D(2, { interpolation: 'bilinear' }).apply(img), [4, 4]).array()).toEqual([
      [1, 1.25, 1.75, 2], [1.5, 1.75, 2.25, 2.5], [2.5, 2.75, 3.25, 3.5], [3, 3.25, 3.75, 4],
    ]);
  });

  it('normalizes the Keras argument forms in the config', () => {
    expect(serializeLayer(new ZeroPadding2D(2)).config['padding']).toEqual([[2, 2], [2, 2]]);
    expect(serializeLayer(new ZeroPadding2D([1, 3])).config['padding']).toEqual([[1, 1], [3, 3]]);
    expect(serializeLayer(new Cropping1D(2)).config['cropping']).toEqual([2, 2]);
    expect(serializeLayer(new Cropping2D()).config['cropping']).toEqual([[0, 0], [0, 0]]);
    const up = serializeLayer(new UpSampling2D(3, { name: 'u' })).config;
    expect(up).toEqual({ name: 'u', trainable: true, dtype: 'float32', dataFormat: 'channelsLast', size: [3, 3], interpolation: 'nearest' });
    expect('dataFormat' in serializeLayer(new UpSampling1D()).config).toBe(false);
  });

  it('keeps unknown sizes unknown', () => {
    expect(new ZeroPadding2D(1).apply(Input({ shape: [null, 4, 3] })).shape).toEqual([null, null, 6, 3]);
    expect(new UpSampling1D(2).apply(Input({ shape: [null, 3] })).shape).toEqual([null, null, 3]);
  });
});

describe('errors', () => {
  it('rejects bad arguments', () => {
    expect(() => new ZeroPadding1D(-1)).toThrow(ConfigError);
    expect(() => new ZeroPadding2D([1, 2, 3], { name: 'zp' })).toThrow('Invalid `padding` for ZeroPadding2D "zp": expected a non-negative integer, [rows, cols] or [[top, bottom], [left, right]], received [1,2,3].');
    expect(() => new Cropping2D([[1, 2], [3]])).toThrow(/`cropping`/);
    expect(() => new UpSampling1D(0)).toThrow(/`size`/);
    expect(() => new UpSampling2D(2, { interpolation: 'bicubic' as 'bilinear' })).toThrow('Invalid `interpolation` for UpSampling2D');
  });

  it('rejects a crop that leaves nothing', () => {
    expect(() => new Cropping1D([2, 1]).apply(dl.zeros([1, 3, 2]))).toThrow(ShapeError);
    expect(() => new Cropping2D([[1, 1], [0, 0]]).apply(Input({ shape: [2, 4, 1] }))).toThrow(/non-empty output/);
  });
});
