// BatchNormalization and LayerNormalization against tfjs-layers 4.22 with the same weights:
// outputs and the gradients of sum(output * r) with respect to the input and every trainable
// weight, in inference and training mode; relative tolerance 1e-5 (atol 1e-6).
import * as tfl from '@tensorflow/tfjs-layers';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { BatchNormalization, LayerNormalization, type Layer } from '@dl/layers';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-helpers';

interface Side {
  apply(x: Tensor, training: boolean): Tensor;
  variables: dl.Variable[];
}

const ours = (layer: Layer): Side => ({ apply: (x, training) => layer.apply(x, { training }), variables: layer.trainableWeights.map((w) => w.value) });
const theirs = (layer: tfl.layers.Layer): Side => ({
  apply: (x, training) => layer.apply(x, { training }) as Tensor,
  variables: layer.trainableWeights.map((w) => w.read() as dl.Variable),
});

/** Builds both layers on `shape`, gives tfjs dl's weights (after randomizing them), compares both modes. */
async function compare(name: string, a: Layer, b: tfl.layers.Layer, shape: number[], positive: number[] = []): Promise<void> {
  dl.setSeed(5);
  const x = dl.randomNormal(shape, 0.5, 2);
  a.apply(x).dispose();
  b.apply(x);
  const weights = a.weights.map((w, i) => (positive.includes(i) ? dl.randomUniform(w.shape, 0.5, 2) : dl.randomNormal(w.shape)));
  a.setWeights(weights);
  b.setWeights(weights);
  const A = ours(a);
  const B = theirs(b);
  for (const training of [false, true]) {
    const where = `${name} (training ${training})`;
    const ya = A.apply(x, training);
    await expectClose(ya, B.apply(x, training), `${where} output`);
    const r = dl.randomNormal(ya.shape);
    const gx = (s: Side) => dl.grad((t: Tensor) => dl.sum(dl.mul(s.apply(t, training), r)))(x);
    await expectClose(gx(A), gx(B), `${where} input gradient`, 1e-5, 1e-5);
    const gw = (s: Side) => {
      const { grads } = dl.variableGrads(() => dl.sum(dl.mul(s.apply(x, training), r)) as dl.Scalar, s.variables);
      return s.variables.map((v) => grads[v.name]!);
    };
    const [ga, gb] = [gw(A), gw(B)];
    expect(ga.length).toBe(gb.length);
    for (let i = 0; i < ga.length; i++) await expectClose(ga[i]!, gb[i]!, `${where} gradient of ${a.trainableWeights[i]!.name}`, 1e-5, 1e-5);
  }
}

/**
 * tfjs-layers 4.22 fails to differentiate its normalization layers with `scale` or `center` false,
 * so the oracle for those is its full layer with the neutral weight (gamma = 1 or beta = 0) held
 * at `index`, optionally between two transposes (channels first).
 */
function fixed(b: tfl.layers.Layer, index: number, value: number, perm?: number[], back?: number[]): tfl.layers.Layer {
  return {
    apply: (x: Tensor, args: { training: boolean }) =>
      perm === undefined ? b.apply(x, args) : dl.transpose(b.apply(dl.transpose(x, perm), args) as Tensor, back!),
    setWeights: (w: Tensor[]) => {
      const all = [...w];
      all.splice(index, 0, dl.fill(w[0]!.shape, value));
      b.setWeights(all);
    },
    get trainableWeights() { return b.trainableWeights.filter((_, i) => i !== index); },
  } as unknown as tfl.layers.Layer;
}

describe('BatchNormalization equals tfjs-layers', () => {
  it('axis -1 on (6, 3, 4): inference and training outputs, input and weight gradients', async () => {
    await compare('BN', new BatchNormalization(), tfl.layers.batchNormalization({}), [6, 3, 4], [3]);
  });
  it('axis 1 (channels first) on (4, 3, 2, 2), no center: equals tfjs-layers on the transposed input', async () => {
    // tfjs-layers 4.22 broadcasts moving statistics wrongly for axis 1 with spatial axes in inference, so
    // the oracle is its channels-last layer between two transposes.
    const b = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 0.01 });
    b.apply(dl.zeros([1, 2, 2, 3]));
    const oracle = fixed(b, 1, 0, [0, 2, 3, 1], [0, 3, 1, 2]);
    await compare('BN axis 1', new BatchNormalization({ axis: 1, center: false, momentum: 0.9, epsilon: 0.01 }), oracle, [4, 3, 2, 2], [2]);
  });
  it('updates the moving statistics like tfjs-layers, and like Keras 3 (biased batch variance) computed by hand', async () => {
    dl.setSeed(8);
    const x = dl.randomNormal([5, 3], 1, 3);
    const a = new BatchNormalization({ momentum: 0.9 });
    const b = tfl.layers.batchNormalization({ momentum: 0.9 });
    a.apply(x, { training: true }).dispose();
    b.apply(x, { training: true });
    const xs = await x.data();
    const mean = [0, 1, 2].map((c) => [0, 1, 2, 3, 4].reduce((s, i) => s + xs[i * 3 + c]!, 0) / 5);
    const variance = [0, 1, 2].map((c) => [0, 1, 2, 3, 4].reduce((s, i) => s + (xs[i * 3 + c]! - mean[c]!) ** 2, 0) / 5);
    await expectClose(a.movingMean!.value, mean.map((m) => 0.1 * m), 'moving mean');
    await expectClose(a.movingVariance!.value, variance.map((v) => 0.9 + 0.1 * v), 'moving variance');
    await expectClose(a.movingMean!.value, b.getWeights()[2]!, 'moving mean vs tfjs');
    await expectClose(a.movingVariance!.value, b.getWeights()[3]!, 'moving variance vs tfjs');
  });
});

describe('LayerNormalization equals tfjs-layers', () => {
  it('axis -1 on (2, 3, 5)', async () => {
    await compare('LN', new LayerNormalization(), tfl.layers.layerNormalization({}), [2, 3, 5]);
  });
  it('axis [1, 2] on (2, 3, 4), epsilon 1e-5', async () => {
    await compare('LN axes', new LayerNormalization({ axis: [1, 2], epsilon: 1e-5 }), tfl.layers.layerNormalization({ axis: [1, 2], epsilon: 1e-5 }), [2, 3, 4]);
  });
  it('without scale (tfjs-layers with gamma = 1), and without center (tfjs-layers with beta = 0)', async () => {
    // tfjs-layers 4.22 fails to differentiate its own layer with scale or center false, so the oracle is its full layer with the neutral weight.
    const noScale = tfl.layers.layerNormalization({});
    noScale.apply(dl.zeros([1, 4]));
    await compare('LN no scale', new LayerNormalization({ scale: false }), fixed(noScale, 0, 1), [3, 4]);
    const noCenter = tfl.layers.layerNormalization({});
    noCenter.apply(dl.zeros([1, 4]));
    await compare('LN no center', new LayerNormalization({ center: false }), fixed(noCenter, 1, 0), [3, 4]);
  });
});
