// The pooling layers against tfjs-layers 4.22 on the same inputs: outputs and input gradients
// within 1e-5 of the values' scale. Average pooling with 'same' padding is left to the NumPy
// fixtures (spatial-fixtures.test.ts): tfjs-core's AvgPool gradient is wrong there.
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, it } from 'vitest';
import {
  AveragePooling1D, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  MaxPooling1D, MaxPooling2D, type Layer,
} from '@dl/layers';
import { compareWithReference, lcg, type ReferenceLayer } from '../oracle-helpers';

type Case = { name: string; make: () => [Layer, unknown]; x: number[] };

const cases: Case[] = [
  { name: 'MaxPooling1D 2', x: [2, 7, 3], make: () => [new MaxPooling1D(), tfl.layers.maxPooling1d({ poolSize: 2 })] },
  { name: 'MaxPooling1D 3 stride 1 same', x: [2, 6, 2], make: () => [new MaxPooling1D(3, { strides: 1, padding: 'same' }), tfl.layers.maxPooling1d({ poolSize: 3, strides: 1, padding: 'same' })] },
  { name: 'MaxPooling2D 2', x: [2, 6, 7, 3], make: () => [new MaxPooling2D(2), tfl.layers.maxPooling2d({ poolSize: 2 })] },
  { name: 'MaxPooling2D [3, 2] stride [2, 1] same', x: [1, 7, 5, 2], make: () => [new MaxPooling2D([3, 2], { strides: [2, 1], padding: 'same' }), tfl.layers.maxPooling2d({ poolSize: [3, 2], strides: [2, 1], padding: 'same' })] },
  { name: 'MaxPooling2D channelsFirst', x: [1, 2, 6, 6], make: () => [new MaxPooling2D(3, { dataFormat: 'channelsFirst' }), tfl.layers.maxPooling2d({ poolSize: 3, dataFormat: 'channelsFirst' })] },
  { name: 'AveragePooling1D 3 stride 2', x: [2, 9, 2], make: () => [new AveragePooling1D(3, { strides: 2 }), tfl.layers.averagePooling1d({ poolSize: 3, strides: 2 })] },
  { name: 'AveragePooling2D 2', x: [2, 6, 6, 3], make: () => [new AveragePooling2D(), tfl.layers.averagePooling2d({ poolSize: 2 })] },
  { name: 'AveragePooling2D [2, 3] stride 1', x: [1, 5, 6, 2], make: () => [new AveragePooling2D([2, 3], { strides: 1 }), tfl.layers.averagePooling2d({ poolSize: [2, 3], strides: 1 })] },
  { name: 'GlobalMaxPooling1D', x: [2, 5, 3], make: () => [new GlobalMaxPooling1D(), tfl.layers.globalMaxPooling1d({})] },
  { name: 'GlobalAveragePooling1D', x: [2, 5, 3], make: () => [new GlobalAveragePooling1D(), tfl.layers.globalAveragePooling1d({})] },
  { name: 'GlobalMaxPooling2D', x: [2, 4, 3, 3], make: () => [new GlobalMaxPooling2D(), tfl.layers.globalMaxPooling2d({})] },
  { name: 'GlobalAveragePooling2D', x: [2, 4, 3, 3], make: () => [new GlobalAveragePooling2D(), tfl.layers.globalAveragePooling2d({})] },
  { name: 'GlobalAveragePooling2D channelsFirst', x: [2, 3, 4, 3], make: () => [new GlobalAveragePooling2D({ dataFormat: 'channelsFirst' }), tfl.layers.globalAveragePooling2d({ dataFormat: 'channelsFirst' })] },
  { name: 'GlobalMaxPooling2D channelsFirst', x: [2, 3, 4, 3], make: () => [new GlobalMaxPooling2D({ dataFormat: 'channelsFirst' }), tfl.layers.globalMaxPooling2d({ dataFormat: 'channelsFirst' })] },
];

describe('pooling equals tfjs-layers (outputs and input gradients)', () => {
  it.each(cases)('$name', async ({ make, x: shape }) => {
    const [ours, theirs] = make();
    const x = lcg(shape, 8);
    await compareWithReference(ours, theirs as ReferenceLayer, x);
    x.dispose();
  });
});
