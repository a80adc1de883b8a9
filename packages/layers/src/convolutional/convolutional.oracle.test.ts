// The convolutions against tfjs-layers 4.22 with the same weights and inputs:
// outputs, input gradients and weight gradients within 1e-5 of the values' scale.
// tfjs-core has no gradient for dilation > 1, so dilated layers are compared on
// the forward pass here and their gradients checked by finite differences.
import * as tfl from '@tensorflow/tfjs-layers';
import * as dl from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, type Layer } from '@dl/layers';
import { checkFiniteDifferences, compareWithReference, expectClose, lcg, type ReferenceLayer } from '../oracle-helpers';

type Case = { name: string; make: () => [Layer, ReferenceLayer]; x: number[] };
const ref = (l: unknown) => l as ReferenceLayer;

/**
 * tfjs-layers' Conv1D with channelsFirst returns (batch, steps, filters) instead of Keras'
 * (batch, filters, steps): the reference is its channelsLast layer between two transposes.
 */
function channelsFirst1d(inner: ReferenceLayer): ReferenceLayer {
  const swap = (t: dl.Tensor) => dl.transpose(t, [0, 2, 1]);
  return {
    apply: (x) => swap(inner.apply(swap(x)) as dl.Tensor),
    setWeights: (w) => inner.setWeights(w),
    get trainableWeights() { return inner.trainableWeights; },
  };
}

/** tfjs-layers' DepthwiseConv2D ignores `dilationRate`: the reference is tfjs-core's dilated depthwiseConv2d op plus the bias. */
function dilatedDepthwise(dilation: number, padding: 'valid' | 'same'): ReferenceLayer {
  let weights: dl.Tensor[] = [];
  return {
    apply: (x) => weights.length === 0 ? dl.clone(x) : dl.add(dl.depthwiseConv2d(x as dl.Tensor4D, weights[0] as dl.Tensor4D, 1, padding, 'NHWC', dilation), weights[1]!),
    setWeights: (w) => { weights = w.map((t) => dl.clone(t)); },
    trainableWeights: [],
  };
}
const init = { biasInitializer: 'randomNormal' } as const;

const cases: Case[] = [
  { name: 'Conv1D valid k3', x: [2, 7, 3], make: () => [new Conv1D(4, 3, init), ref(tfl.layers.conv1d({ filters: 4, kernelSize: 3 }))] },
  {
    name: 'Conv1D same stride 2 relu', x: [2, 9, 2],
    make: () => [new Conv1D(3, 3, { ...init, strides: 2, padding: 'same', activation: 'relu' }), ref(tfl.layers.conv1d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }))],
  },
  {
    name: 'Conv1D channelsFirst', x: [2, 3, 6],
    make: () => [new Conv1D(2, 2, { ...init, dataFormat: 'channelsFirst' }), channelsFirst1d(ref(tfl.layers.conv1d({ filters: 2, kernelSize: 2 })))],
  },
  { name: 'Conv2D valid 3x3', x: [2, 6, 6, 3], make: () => [new Conv2D(4, 3, init), ref(tfl.layers.conv2d({ filters: 4, kernelSize: 3 }))] },
  {
    name: 'Conv2D same stride 2 relu', x: [1, 7, 7, 2],
    make: () => [new Conv2D(3, 3, { ...init, strides: 2, padding: 'same', activation: 'relu' }), ref(tfl.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }))],
  },
  {
    name: 'Conv2D 2x3 kernel strides [1, 2] tanh', x: [2, 5, 7, 2],
    make: () => [new Conv2D(2, [2, 3], { ...init, strides: [1, 2], activation: 'tanh' }), ref(tfl.layers.conv2d({ filters: 2, kernelSize: [2, 3], strides: [1, 2], activation: 'tanh' }))],
  },
  {
    name: 'Conv2D channelsFirst same, no bias', x: [2, 3, 5, 5],
    make: () => [new Conv2D(2, 3, { dataFormat: 'channelsFirst', padding: 'same', useBias: false }), ref(tfl.layers.conv2d({ filters: 2, kernelSize: 3, dataFormat: 'channelsFirst', padding: 'same', useBias: false }))],
  },
  { name: 'Conv2DTranspose valid 3x3 stride 2', x: [2, 3, 3, 2], make: () => [new Conv2DTranspose(3, 3, { ...init, strides: 2 }), ref(tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2 }))] },
  {
    name: 'Conv2DTranspose same 3x3 stride 2', x: [1, 4, 4, 3],
    make: () => [new Conv2DTranspose(2, 3, { ...init, strides: 2, padding: 'same' }), ref(tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }))],
  },
  {
    name: 'Conv2DTranspose same 2x3 stride 1 relu', x: [2, 4, 3, 2],
    make: () => [new Conv2DTranspose(2, [2, 3], { ...init, padding: 'same', activation: 'relu' }), ref(tfl.layers.conv2dTranspose({ filters: 2, kernelSize: [2, 3], padding: 'same', activation: 'relu' }))],
  },
  {
    name: 'Conv2DTranspose channelsFirst valid 2x2 stride 2', x: [1, 2, 3, 3],
    make: () => [new Conv2DTranspose(3, 2, { ...init, strides: 2, dataFormat: 'channelsFirst' }), ref(tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 2, strides: 2, dataFormat: 'channelsFirst' }))],
  },
  {
    name: 'SeparableConv2D same, depthMultiplier 2', x: [2, 5, 5, 3],
    make: () => [new SeparableConv2D(4, 3, { ...init, padding: 'same', depthMultiplier: 2 }), ref(tfl.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', depthMultiplier: 2 }))],
  },
  {
    name: 'SeparableConv2D valid stride 2 relu', x: [1, 7, 7, 2],
    make: () => [new SeparableConv2D(3, 3, { ...init, strides: 2, activation: 'relu' }), ref(tfl.layers.separableConv2d({ filters: 3, kernelSize: 3, strides: 2, activation: 'relu' }))],
  },
  {
    name: 'DepthwiseConv2D valid, depthMultiplier 2', x: [2, 5, 5, 3],
    make: () => [new DepthwiseConv2D(3, { ...init, depthMultiplier: 2 }), ref(tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }))],
  },
  {
    name: 'DepthwiseConv2D same stride 2, channelsFirst', x: [1, 2, 6, 6],
    make: () => [new DepthwiseConv2D([3, 2], { ...init, strides: 2, padding: 'same', dataFormat: 'channelsFirst' }), ref(tfl.layers.depthwiseConv2d({ kernelSize: [3, 2], strides: 2, padding: 'same', dataFormat: 'channelsFirst' }))],
  },
];

describe('convolutions equal tfjs-layers (outputs, input and weight gradients)', () => {
  it.each(cases)('$name', async ({ make, x: shape }) => {
    dl.setSeed(5);
    const [ours, theirs] = make();
    const x = lcg(shape, 3);
    await compareWithReference(ours, theirs, x);
    x.dispose();
  });
});

type Dilated = { name: string; make: () => [Layer, ReferenceLayer]; x: number[] };
const dilated: Dilated[] = [
  { name: 'Conv1D dilation 2 same', x: [1, 9, 2], make: () => [new Conv1D(2, 3, { ...init, dilationRate: 2, padding: 'same' }), ref(tfl.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same' }))] },
  { name: 'Conv2D dilation [2, 3] valid', x: [1, 7, 8, 2], make: () => [new Conv2D(2, [2, 3], { ...init, dilationRate: [2, 3] }), ref(tfl.layers.conv2d({ filters: 2, kernelSize: [2, 3], dilationRate: [2, 3] }))] },
  { name: 'DepthwiseConv2D dilation 2 same', x: [1, 6, 6, 2], make: () => [new DepthwiseConv2D(3, { ...init, dilationRate: 2, padding: 'same', depthMultiplier: 2 }), dilatedDepthwise(2, 'same')] },
  { name: 'SeparableConv2D dilation 2 valid', x: [1, 7, 7, 2], make: () => [new SeparableConv2D(2, 2, { ...init, dilationRate: 2 }), ref(tfl.layers.separableConv2d({ filters: 2, kernelSize: 2, dilationRate: 2 }))] },
];

describe('dilated convolutions: forward equals tfjs-layers, gradients equal finite differences', () => {
  it.each(dilated)('$name', async ({ make, x: shape }) => {
    dl.setSeed(9);
    const [ours, theirs] = make();
    const x = lcg(shape, 4);
    const y = ours.apply(x);
    dl.dispose(theirs.apply(x) as dl.Tensor);
    const w = ours.getWeights();
    theirs.setWeights(w);
    const expected = theirs.apply(x) as dl.Tensor;
    await expectClose(y, expected, 'output');
    // The layers are linear in the input and in each weight, so central differences are exact up to
    // float32 rounding of the loss (about 1e-7 of its size): a step of 0.5 and a tolerance of 1e-3.
    await checkFiniteDifferences(ours, x, 0.5, 1e-3);
    dl.dispose([x, y, expected, ...w]);
  });

  it('a dilated Conv2DTranspose equals a Conv2DTranspose whose kernel has the zeros written in', async () => {
    dl.setSeed(2);
    const dilatedLayer = new Conv2DTranspose(2, 2, { ...init, dilationRate: 2 });
    const x = lcg([1, 3, 3, 2], 6);
    const y = dilatedLayer.apply(x);
    expect(y.shape).toEqual([1, 5, 5, 2]);
    const [k, b] = dilatedLayer.getWeights() as [dl.Tensor, dl.Tensor];
    const spread = dl.tidy(() => {
      const v = dl.buffer([3, 3, 2, 2]);
      const kv = k.bufferSync();
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let c = 0; c < 2; c++) for (let f = 0; f < 2; f++) v.set(kv.get(i, j, c, f), 2 * i, 2 * j, c, f);
      return v.toTensor();
    });
    const plain = tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3 });
    dl.dispose(plain.apply(x) as dl.Tensor);
    plain.setWeights([spread, b]);
    const expected = plain.apply(x) as dl.Tensor;
    await expectClose(y, expected, 'output');
    await checkFiniteDifferences(dilatedLayer, x, 0.5, 1e-3);
    dl.dispose([x, y, k, b, spread, expected]);
  });
});
