// ZeroPadding2D, Cropping2D and UpSampling2D ('nearest') against tfjs-layers 4.22: outputs and
// input gradients within 1e-5. The 1-D layers and bilinear upsampling (tfjs-layers has neither
// with Keras' semantics) are checked against NumPy fixtures in spatial-fixtures.test.ts.
// UpSampling2D's input gradients are compared only there too: tfjs-layers upsamples with
// resizeNearestNeighbor, whose cpu gradient in tfjs-core 4.22 is wrong for some shapes (a
// (2, 3, 2, 2) input doubled: see the "nearest 2, batch 2" fixture); dl repeats with gather.
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, it } from 'vitest';
import { Cropping2D, UpSampling2D, ZeroPadding2D, type Layer } from '@dl/layers';
import { compareWithReference, lcg, type ReferenceLayer } from '../oracle-helpers';

type Case = { name: string; make: () => [Layer, unknown]; x: number[]; gradients?: boolean };

const cases: Case[] = [
  { name: 'ZeroPadding2D default', x: [2, 3, 4, 2], make: () => [new ZeroPadding2D(), tfl.layers.zeroPadding2d({})] },
  { name: 'ZeroPadding2D [2, 1]', x: [1, 3, 3, 2], make: () => [new ZeroPadding2D([2, 1]), tfl.layers.zeroPadding2d({ padding: [2, 1] })] },
  { name: 'ZeroPadding2D [[1, 0], [2, 3]] channelsFirst', x: [1, 2, 3, 3], make: () => [new ZeroPadding2D([[1, 0], [2, 3]], { dataFormat: 'channelsFirst' }), tfl.layers.zeroPadding2d({ padding: [[1, 0], [2, 3]], dataFormat: 'channelsFirst' })] },
  { name: 'Cropping2D [[1, 2], [0, 1]]', x: [2, 6, 5, 2], make: () => [new Cropping2D([[1, 2], [0, 1]]), tfl.layers.cropping2D({ cropping: [[1, 2], [0, 1]] })] },
  { name: 'Cropping2D 1 channelsFirst', x: [1, 2, 5, 4], make: () => [new Cropping2D(1, { dataFormat: 'channelsFirst' }), tfl.layers.cropping2D({ cropping: 1, dataFormat: 'channelsFirst' })] },
  { name: 'UpSampling2D default', x: [2, 3, 2, 2], make: () => [new UpSampling2D(), tfl.layers.upSampling2d({})], gradients: false },
  { name: 'UpSampling2D [3, 2]', x: [1, 2, 3, 2], make: () => [new UpSampling2D([3, 2]), tfl.layers.upSampling2d({ size: [3, 2] })] },
  { name: 'UpSampling2D channelsFirst', x: [1, 2, 2, 3], make: () => [new UpSampling2D(2, { dataFormat: 'channelsFirst' }), tfl.layers.upSampling2d({ size: [2, 2], dataFormat: 'channelsFirst' })], gradients: false },
];

describe('spatial reshaping equals tfjs-layers (outputs and input gradients)', () => {
  it.each(cases)('$name', async ({ make, x: shape, gradients }) => {
    const [ours, theirs] = make();
    const x = lcg(shape, 9);
    await compareWithReference(ours, theirs as ReferenceLayer, x, gradients === false ? { gradients } : {});
    x.dispose();
  });
});
