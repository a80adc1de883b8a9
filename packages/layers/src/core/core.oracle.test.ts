// The oracle for the core and reshaping layers: tfjs-layers 4.22 with the same weights and
// inputs. Outputs, gradients with respect to the inputs, and gradients with respect to the
// weights must agree within 1e-5 relative (plus 1e-6 absolute for values near 0) on cpu.
// tfjs-layers runs on the same tfjs-core engine as @dl/tensor (one kernel registry).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as dl from '@dl/tensor';
import { read, setSeed, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { Dense, Embedding, Flatten, Masking, Permute, RepeatVector, Reshape, type Layer } from '@dl/layers';

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, where: string): void {
  expect(actual.length, where).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= 1e-5 * Math.abs(e) + 1e-6)) throw new Error(`${where}[${i}]: tfjs-layers gives ${e}, dl gives ${a}`);
  }
}

/** sum(y · r) with a fixed random r: every output value gets its own weight in the gradient. */
function weightedSum(y: Tensor, r: Tensor): tf.Scalar {
  return tf.sum(tf.mul(y, r));
}

interface Case {
  name: string;
  ours: () => Layer;
  theirs: () => tfl.layers.Layer;
  input: () => Tensor;
  /** Whether the input is differentiable (not int ids). */
  inputGrad?: boolean;
}

async function compare(c: Case): Promise<void> {
  setSeed(11);
  const x = c.input();
  const ours = c.ours();
  const theirs = c.theirs();
  // Build both, then give tfjs-layers our weights.
  const y0 = ours.apply(x);
  const r = dl.randomNormal(y0.shape, 0, 1, 'float32', 5);
  dl.dispose(y0);
  tf.dispose(theirs.apply(x) as tf.Tensor);
  const weights = ours.getWeights();
  theirs.setWeights(weights);
  dl.dispose(weights);
  expect(theirs.trainableWeights.length, `${c.name}: weight count`).toBe(ours.trainableWeights.length);

  // Outputs.
  const a = ours.apply(x);
  const b = theirs.apply(x) as tf.Tensor;
  expect(a.shape, c.name).toEqual(b.shape);
  expectClose(await read(a), await read(b), `${c.name} output`);

  // Gradients with respect to the input.
  if (c.inputGrad !== false) {
    const ga = dl.grad((t: Tensor) => weightedSum(ours.apply(t), r))(x);
    const gb = tf.grad((t: tf.Tensor) => weightedSum(theirs.apply(t) as tf.Tensor, r))(x);
    expectClose(await read(ga), await read(gb), `${c.name} input gradient`);
    dl.dispose([ga, gb]);
  }

  // Gradients with respect to the weights, in the same order.
  if (ours.trainableWeights.length > 0) {
    const va = ours.trainableWeights.map((w) => w.value);
    const vb = theirs.trainableWeights.map((w) => w.read() as tf.Variable);
    const ga = dl.variableGrads(() => weightedSum(ours.apply(x), r), va);
    const gb = tf.variableGrads(() => weightedSum(theirs.apply(x) as tf.Tensor, r), vb);
    for (let i = 0; i < va.length; i++) {
      const path = ours.trainableWeights[i]!.path;
      expectClose(await read(ga.grads[va[i]!.name]!), await read(gb.grads[vb[i]!.name]!), `${c.name} gradient of ${path}`);
    }
    dl.dispose([ga.value, gb.value, ...Object.values(ga.grads), ...Object.values(gb.grads)]);
  }
  dl.dispose([x, r, a, b]);
  ours.dispose();
  theirs.dispose();
}

// Activations that tfjs-layers defines as Keras 3 does (not hardSigmoid: tfjs' is Keras 2's 0.2x + 0.5).
const activations = ['relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'linear'] as const;

describe('core layers equal tfjs-layers 4.22 (outputs and gradients)', () => {
  it.each(activations)('Dense with %s on a rank-2 input', async (activation) => {
    await compare({
      name: `Dense(${activation})`,
      ours: () => new Dense(5, { activation }),
      theirs: () => tfl.layers.dense({ units: 5, activation }),
      input: () => dl.mul(dl.randomNormal([4, 6], 0, 1, 'float32', 1), 2),
    });
  });

  it('Dense on a rank-3 input, without a bias', async () => {
    await compare({
      name: 'Dense(rank 3)',
      ours: () => new Dense(3, { activation: 'tanh', useBias: false }),
      theirs: () => tfl.layers.dense({ units: 3, activation: 'tanh', useBias: false }),
      input: () => dl.randomNormal([2, 4, 5], 0, 1, 'float32', 2),
    });
  });

  it('Embedding (int32 ids, weight gradients through gather)', async () => {
    await compare({
      name: 'Embedding',
      ours: () => new Embedding(7, 3),
      theirs: () => tfl.layers.embedding({ inputDim: 7, outputDim: 3 }),
      input: () => dl.tensor2d([[1, 6, 6, 0], [3, 2, 1, 5]], [2, 4], 'int32'),
      inputGrad: false,
    });
  });

  it('Masking forward (and its gradient, which tfjs-layers cannot take)', async () => {
    const make = () => dl.tensor3d([[[1, 2], [0.5, 0.5], [0, 3]], [[0.5, 0.5], [4, 5], [0.5, 0.5]]]);
    await compare({
      name: 'Masking',
      ours: () => new Masking({ maskValue: 0.5 }),
      theirs: () => tfl.layers.masking({ maskValue: 0.5 }),
      input: make,
      inputGrad: false,
    });
    // tfjs-layers' Masking differentiates any(notEqual(...)), which has no gradient in tfjs-core.
    const x = make();
    expect(() => tf.grad((t: tf.Tensor) => tf.sum(tfl.layers.masking({ maskValue: 0.5 }).apply(t) as tf.Tensor))(x)).toThrow(/gradient function not found/);
    // Keras: the mask is a constant of the backward pass, so the gradient of sum(y · r) is r · keep.
    const r = dl.tensor3d([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);
    const g = dl.grad((t: Tensor) => dl.sum(dl.mul(new Masking({ maskValue: 0.5 }).apply(t), r)))(x);
    expect(Array.from(await read(g))).toEqual([1, 2, 0, 0, 5, 6, 0, 0, 9, 10, 0, 0]);
  });
});

describe('reshaping layers equal tfjs-layers 4.22 (outputs and input gradients)', () => {
  const input = () => dl.randomNormal([2, 3, 4], 0, 1, 'float32', 3);
  it.each([
    ['Flatten', () => new Flatten(), () => tfl.layers.flatten(), input],
    ['Reshape([4, -1])', () => new Reshape([4, -1]), () => tfl.layers.reshape({ targetShape: [4, -1] }), input],
    ['Reshape([2, 2, 3])', () => new Reshape([2, 2, 3]), () => tfl.layers.reshape({ targetShape: [2, 2, 3] }), input],
    ['Permute([2, 1])', () => new Permute([2, 1]), () => tfl.layers.permute({ dims: [2, 1] }), input],
    ['RepeatVector(3)', () => new RepeatVector(3), () => tfl.layers.repeatVector({ n: 3 }), () => dl.randomNormal([2, 5], 0, 1, 'float32', 4)],
  ] as const)('%s', async (name, ours, theirs, makeInput) => {
    await compare({ name, ours, theirs, input: makeInput });
  });
});
