// The random layers against tfjs-layers 4.22 in inference (both the identity), and Dropout's
// training output against tfjs-core's dropout with the same seed (the same inverted-dropout op).
import * as tfl from '@tensorflow/tfjs-layers';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { Dropout, GaussianDropout, GaussianNoise, SpatialDropout1D, type Layer } from '@dl/layers';
import { describe, it } from 'vitest';
import { expectClose } from '../test-helpers';

describe('random layers equal tfjs-layers in inference', () => {
  const pairs: [string, Layer, tfl.layers.Layer][] = [
    ['Dropout', new Dropout(0.5), tfl.layers.dropout({ rate: 0.5 })],
    ['SpatialDropout1D', new SpatialDropout1D(0.5), tfl.layers.spatialDropout1d({ rate: 0.5 })],
    ['GaussianNoise', new GaussianNoise(0.5), tfl.layers.gaussianNoise({ stddev: 0.5 })],
    ['GaussianDropout', new GaussianDropout(0.5), tfl.layers.gaussianDropout({ rate: 0.5 })],
  ];
  for (const [name, ours, theirs] of pairs) {
    it(name, async () => {
      const x = dl.randomNormal([2, 3, 4]);
      await expectClose(ours.apply(x), theirs.apply(x, { training: false }) as Tensor, name, 0, 0);
    });
  }

  it('Dropout in training is tfjs-core dropout with the seed the layer draws', async () => {
    const x = dl.randomNormal([4, 5]);
    dl.setSeed(9);
    const ours = new Dropout(0.3).apply(x, { training: true });
    dl.setSeed(9);
    await expectClose(ours, dl.dropout(x, 0.3, x.shape, dl.nextSeed()), 'dropout', 0, 0);
  });
});
