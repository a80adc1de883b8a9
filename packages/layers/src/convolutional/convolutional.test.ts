import * as dl from '@dl/tensor';
import { ConfigError, ShapeError } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  Conv1D, Conv2D, Conv2DTranspose, Dense, DepthwiseConv2D, Flatten, Input, MaxPooling2D, SeparableConv2D,
  deserializeLayer, serializeLayer, type Layer,
} from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

describe('runLayerTest', () => {
  it('Conv1D (valid, same, causal with dilation, channelsFirst)', async () => {
    await runLayerTest(Conv1D, { args: [4, 3], inputShape: [2, 7, 3], expectedOutputShape: [2, 5, 4], expectedNumTrainableWeights: 2 });
    await runLayerTest(Conv1D, { args: [2, 3, { padding: 'same', strides: 2 }], inputShape: [2, 7, 3], expectedOutputShape: [2, 4, 2] });
    await runLayerTest(Conv1D, { args: [2, 3, { padding: 'causal', dilationRate: 2 }], inputShape: [2, 7, 3], expectedOutputShape: [2, 7, 2] });
    await runLayerTest(Conv1D, { args: [2, 2, { dataFormat: 'channelsFirst', useBias: false }], inputShape: [2, 3, 6], expectedOutputShape: [2, 2, 5], expectedNumTrainableWeights: 1 });
  });

  it('Conv2D (valid, same with strides, dilation, channelsFirst)', async () => {
    await runLayerTest(Conv2D, { args: [4, 3, { activation: 'relu' }], inputShape: [2, 6, 6, 2], expectedOutputShape: [2, 4, 4, 4], expectedNumTrainableWeights: 2 });
    await runLayerTest(Conv2D, { args: [3, [3, 2], { padding: 'same', strides: [2, 1] }], inputShape: [1, 5, 4, 2], expectedOutputShape: [1, 3, 4, 3] });
    await runLayerTest(Conv2D, { args: [2, 3, { dilationRate: 2 }], inputShape: [1, 7, 7, 1], expectedOutputShape: [1, 3, 3, 2] });
    await runLayerTest(Conv2D, { args: [2, 3, { dataFormat: 'channelsFirst' }], inputShape: [1, 3, 5, 5], expectedOutputShape: [1, 2, 3, 3] });
  });

  it('Conv2DTranspose (valid, same, dilation)', async () => {
    await runLayerTest(Conv2DTranspose, { args: [3, 3, { strides: 2 }], inputShape: [2, 3, 3, 2], expectedOutputShape: [2, 7, 7, 3], expectedNumTrainableWeights: 2 });
    await runLayerTest(Conv2DTranspose, { args: [2, 3, { strides: 2, padding: 'same' }], inputShape: [1, 4, 4, 2], expectedOutputShape: [1, 8, 8, 2] });
    await runLayerTest(Conv2DTranspose, { args: [2, 1, { strides: 3 }], inputShape: [1, 2, 2, 1], expectedOutputShape: [1, 6, 6, 2] });
    await runLayerTest(Conv2DTranspose, { args: [2, 2, { dilationRate: 2 }], inputShape: [1, 3, 3, 1], expectedOutputShape: [1, 5, 5, 2] });
  });

  it('SeparableConv2D and DepthwiseConv2D', async () => {
    await runLayerTest(SeparableConv2D, { args: [4, 3, { depthMultiplier: 2 }], inputShape: [2, 5, 5, 3], expectedOutputShape: [2, 3, 3, 4], expectedNumTrainableWeights: 3 });
    await runLayerTest(SeparableConv2D, { args: [2, 3, { padding: 'same', dilationRate: 2, useBias: false }], inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 5, 5, 2], expectedNumTrainableWeights: 2 });
    await runLayerTest(DepthwiseConv2D, { args: [3, { depthMultiplier: 3 }], inputShape: [2, 5, 5, 2], expectedOutputShape: [2, 3, 3, 6], expectedNumTrainableWeights: 2 });
    await runLayerTest(DepthwiseConv2D, { args: [[3, 2], { strides: 2, padding: 'same', dataFormat: 'channelsFirst' }], inputShape: [1, 2, 5, 5], expectedOutputShape: [1, 2, 3, 3] });
  });
});

describe('the book\'s convnet (chapter 8): shapes and parameter counts as Keras prints them', () => {
  it('28x28x1 → Conv2D(32) → MaxPooling2D → Conv2D(64) → MaxPooling2D → Conv2D(128) → Flatten → Dense(10)', () => {
    const layers: Layer[] = [
      new Conv2D(32, 3, { activation: 'relu' }), new MaxPooling2D(2),
      new Conv2D(64, 3, { activation: 'relu' }), new MaxPooling2D(2),
      new Conv2D(128, 3, { activation: 'relu' }), new Flatten(), new Dense(10, { activation: 'softmax' }),
    ];
    let t = Input({ shape: [28, 28, 1] });
    const shapes: (number | null)[][] = [];
    for (const layer of layers) {
      t = layer.apply(t);
      shapes.push(t.shape);
    }
    expect(shapes).toEqual([
      [null, 26, 26, 32], [null, 13, 13, 32], [null, 11, 11, 64], [null, 5, 5, 64], [null, 3, 3, 128], [null, 1152], [null, 10],
    ]);
    expect(layers.map((l) => l.countParams())).toEqual([320, 0, 18496, 0, 73856, 0, 11530]);
    expect(layers[0]!.weights.map((w) => [w.name, w.shape])).toEqual([['kernel', [3, 3, 1, 32]], ['bias', [32]]]);
    layers.forEach((l) => l.dispose());
  });
});

describe('weights and configs', () => {
  it('uses Keras\' weight names and shapes', () => {
    const x = dl.zeros([1, 6, 6, 4]);
    const sep = new SeparableConv2D(5, 3, { depthMultiplier: 2 });
    const dw = new DepthwiseConv2D(3, { depthMultiplier: 2 });
    const tr = new Conv2DTranspose(5, [3, 2]);
    dl.dispose([sep.apply(x), dw.apply(x), tr.apply(x)]);
    expect(sep.weights.map((w) => [w.name, w.shape])).toEqual([['depthwise_kernel', [3, 3, 4, 2]], ['pointwise_kernel', [1, 1, 8, 5]], ['bias', [5]]]);
    expect(dw.weights.map((w) => [w.name, w.shape])).toEqual([['depthwise_kernel', [3, 3, 4, 2]], ['bias', [8]]]);
    expect(tr.weights.map((w) => [w.name, w.shape])).toEqual([['kernel', [3, 2, 5, 4]], ['bias', [5]]]);
    [sep, dw, tr].forEach((l) => l.dispose());
    x.dispose();
  });

  it('serializes every argument with Keras 3 defaults', () => {
    const config = serializeLayer(new Conv2D(8, 3, { name: 'c' })).config;
    expect(config).toEqual({
      name: 'c', trainable: true, dtype: 'float32', filters: 8, kernelSize: [3, 3], strides: [1, 1], padding: 'valid',
      dataFormat: 'channelsLast', dilationRate: [1, 1], activation: 'linear', useBias: true,
      biasInitializer: { className: 'Zeros', config: {} }, biasRegularizer: null, biasConstraint: null,
      kernelInitializer: config['kernelInitializer'], kernelRegularizer: null, kernelConstraint: null,
    });
    expect((config['kernelInitializer'] as { className: string }).className).toBe('GlorotUniform');
    const sep = serializeLayer(new SeparableConv2D(4, 3, { depthMultiplier: 2, pointwiseRegularizer: 'l2' }));
    const again = serializeLayer(deserializeLayer(JSON.parse(JSON.stringify(sep))));
    expect({ ...again.config, name: sep.config.name }).toEqual(sep.config);
    expect(sep.config['depthMultiplier']).toBe(2);
  });
});

describe('errors', () => {
  it('rejects bad arguments with ConfigErrors naming the layer and the argument', () => {
    expect(() => new Conv2D(0, 3)).toThrow(ConfigError);
    expect(() => new Conv2D(0, 3, { name: 'c0' })).toThrow('Invalid `filters` for Conv2D "c0": expected a positive integer, received 0.');
    expect(() => new Conv2D(4, [3, 3, 3])).toThrow(/`kernelSize`/);
    expect(() => new Conv2D(4, 3, { strides: 0 })).toThrow(/`strides`/);
    expect(() => new Conv2D(4, 3, { padding: 'causal' as 'same' })).toThrow(/`padding`.*"valid", "same"/);
    expect(() => new Conv2D(4, 3, { dataFormat: 'channels_first' as 'channelsFirst' })).toThrow(/`dataFormat`/);
    expect(() => new Conv2D(4, 3, { strides: 2, dilationRate: 2 })).toThrow(/strides > 1 are not supported together with `dilationRate` > 1/);
    expect(() => new Conv1D(4, 3, { activation: 'nope' as 'relu' })).toThrow(ConfigError);
    expect(() => new DepthwiseConv2D(3, { depthMultiplier: 0 })).toThrow(/`depthMultiplier`/);
    expect(() => new SeparableConv2D(2, 3, { depthwiseInitializer: 'nope' })).toThrow(ConfigError);
    expect(() => new Conv2DTranspose(2, 3, { useBias: 1 as unknown as boolean })).toThrow(/`useBias`/);
  });

  it('rejects inputs of the wrong rank, an unknown channels axis, or smaller than the window', () => {
    const conv = new Conv2D(2, 3, { name: 'small' });
    expect(() => conv.apply(dl.zeros([1, 5, 5]))).toThrow(ShapeError);
    expect(() => conv.apply(dl.zeros([1, 2, 5, 1]))).toThrow('Invalid input to Conv2D "small": expected an input large enough for a non-empty output, received (1, 2, 5, 1), which gives (1, 0, 3, 2).');
    expect(() => new Conv1D(2, 3).apply(Input({ shape: [5, null] }))).toThrow(/known channels axis/);
    const built = new Conv2D(2, 1);
    dl.dispose(built.apply(dl.zeros([1, 3, 3, 2])));
    expect(() => built.apply(dl.zeros([1, 3, 3, 4]))).toThrow(/expected axis -1 of size 2, received 4/);
    built.dispose();
  });
});
