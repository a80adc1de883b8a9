import * as dl from '@dl/tensor';
import { ConfigError, ShapeError } from '@dl/tensor';
import { BatchNormalization, Input, LayerNormalization, getMask, setMask } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-helpers';

describe('BatchNormalization', () => {
  it('passes runLayerTest (2 trainable, 2 non-trainable weights), channels last and first', async () => {
    await runLayerTest(BatchNormalization, { args: [{}], inputShape: [4, 3], expectedOutputShape: [4, 3], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 2, supportsMasking: true });
    await runLayerTest(BatchNormalization, { args: [{ axis: 1, scale: false }], inputShape: [2, 3, 2, 2], expectedOutputShape: [2, 3, 2, 2], expectedNumTrainableWeights: 1 });
  });

  it('names its weights as Keras 3 and keeps the statistics out of trainableWeights', () => {
    const bn = new BatchNormalization({ name: 'bn' });
    bn.apply(dl.ones([2, 3])).dispose();
    expect(bn.weights.map((w) => w.path)).toEqual(['bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance']);
    expect(bn.trainableWeights.map((w) => w.name)).toEqual(['gamma', 'beta']);
  });

  it('a training call inside variableGrads updates the statistics once, gives gradients and leaks nothing', async () => {
    const bn = new BatchNormalization({ momentum: 0.5 });
    const x = dl.tensor2d([[1, 2], [3, 6]]);
    bn.apply(x).dispose();
    const before = dl.memory().numTensors;
    const { value, grads } = dl.variableGrads(() => dl.sum(dl.square(bn.apply(x, { training: true }))) as dl.Scalar, bn.trainableWeights.map((w) => w.value));
    expect(Object.keys(grads)).toHaveLength(2);
    dl.dispose([value, ...Object.values(grads)]);
    expect(dl.memory().numTensors).toBe(before);
    await expectClose(bn.movingMean!.value, [1, 2], 'moving mean'); // 0 * 0.5 + [2, 4] * 0.5
    await expectClose(bn.movingVariance!.value, [1, 2.5], 'moving variance'); // 1 * 0.5 + [1, 4] * 0.5
  });

  it('frozen (trainable = false) it runs in inference mode even with training: true, as Keras 3', async () => {
    const bn = new BatchNormalization();
    const x = dl.tensor2d([[1, 2], [3, 6]]);
    const inference = bn.apply(x);
    bn.trainable = false;
    await expectClose(bn.apply(x, { training: true }), inference, 'frozen output');
    await expectClose(bn.movingMean!.value, [0, 0], 'moving mean unchanged');
  });

  it('excludes masked positions from the batch statistics (Keras 3 masked moments)', async () => {
    const bn = new BatchNormalization({ momentum: 0 });
    const x = dl.tensor3d([[[1], [3], [100]]]);
    setMask(x, dl.tensor2d([[1, 1, 0]], [1, 3], 'bool'));
    const y = bn.apply(x, { training: true });
    await expectClose(bn.movingMean!.value, [2], 'masked mean', 1e-5);
    await expectClose(bn.movingVariance!.value, [1], 'masked variance', 1e-5);
    expect(getMask(y)).not.toBeNull();
  });

  it('validates its arguments and input', () => {
    expect(() => new BatchNormalization({ momentum: 2 })).toThrow(ConfigError);
    expect(() => new BatchNormalization({ epsilon: 0 })).toThrow('Invalid `epsilon`');
    expect(() => new BatchNormalization({ axis: [1, 2] as unknown as number })).toThrow('expected an integer');
    expect(() => new BatchNormalization({ center: 1 as unknown as boolean })).toThrow(ConfigError);
    expect(() => new BatchNormalization({ axis: 3 }).apply(dl.ones([2, 3]))).toThrow(ShapeError);
    expect(() => new BatchNormalization().apply(Input({ shape: [null] }))).toThrow('known size');
    const bn = new BatchNormalization({ name: 'bn_shape' });
    bn.apply(dl.ones([2, 3])).dispose();
    expect(() => bn.apply(dl.ones([2, 4]))).toThrow('Input 0 of BatchNormalization "bn_shape" is incompatible: expected axis 1 of size 3');
  });
});

describe('LayerNormalization', () => {
  it('passes runLayerTest, axis -1 and [1, 2]', async () => {
    await runLayerTest(LayerNormalization, { args: [{}], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 2, supportsMasking: true });
    await runLayerTest(LayerNormalization, { args: [{ axis: [1, 2] }], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] });
    await runLayerTest(LayerNormalization, { args: [{ rmsScaling: true }], inputShape: [2, 5], expectedOutputShape: [2, 5], expectedNumTrainableWeights: 1 });
  });

  it('gamma and beta take the shape of the normalized axes', () => {
    const ln = new LayerNormalization({ axis: [-2, -1] });
    ln.apply(dl.ones([2, 3, 4])).dispose();
    expect(ln.weights.map((w) => [w.name, w.shape])).toEqual([['gamma', [3, 4]], ['beta', [3, 4]]]);
  });

  it('rmsScaling: x / sqrt(mean(x²) + epsilon) * gamma, computed by hand', async () => {
    const y = new LayerNormalization({ rmsScaling: true, epsilon: 1e-3 }).apply(dl.tensor2d([[1, 2, 3, 4]]));
    const rms = Math.sqrt((1 + 4 + 9 + 16) / 4 + 1e-3);
    await expectClose(y, [1, 2, 3, 4].map((v) => v / rms), 'rms');
  });

  it('validates its arguments', () => {
    expect(() => new LayerNormalization({ axis: [] })).toThrow(ConfigError);
    expect(() => new LayerNormalization({ axis: 0 }).apply(dl.ones([2, 3]))).toThrow('non-batch axis');
    expect(() => new LayerNormalization({ rmsScaling: 'yes' as unknown as boolean })).toThrow('Invalid `rmsScaling`');
  });
});
