// fit against tfjs-layers 4.22 with the same weights, data and optimizer: the
// batching, loss reduction, gradients and updates must agree.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-layers';
import * as dl from '@dl/tensor';
import { Dense, Input } from '@dl/layers';
import { SGD } from '@dl/optimizers';
import { Sequential } from '@dl/models';

function close(a: ArrayLike<number>, b: ArrayLike<number>, rtol = 1e-5, atol = 1e-6) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(b[i]!));
}

describe('fit vs tfjs-layers', () => {
  it('an MLP trained 3 epochs with SGD, no shuffle, uneven last batch: same losses and weights', async () => {
    dl.setSeed(5);
    const x = dl.randomNormal([22, 6]);
    const labels = dl.randomUniformInt([22], 0, 3);
    const y = dl.oneHot(labels, 3);
    const model = new Sequential([Input({ shape: [6] }), new Dense(8, { activation: 'relu' }), new Dense(3, { activation: 'softmax' })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

    const ref = tf.sequential({
      layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [6] }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    ref.setWeights(model.getWeights());
    ref.compile({ optimizer: dl.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

    const ours = await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    const theirs = await ref.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    close(ours.history['loss']!, theirs.history['loss'] as number[]);
    close(ours.history['accuracy']!, theirs.history['acc'] as number[]);
    const a = model.getWeights();
    const b = ref.getWeights();
    for (let i = 0; i < a.length; i++) close(await a[i]!.data(), await b[i]!.data());
    const evalOurs = await model.evaluate(x, y, { batchSize: 5 });
    const evalTheirs = ref.evaluate(x, y, { batchSize: 5 }) as dl.Scalar[];
    close([evalOurs['loss']!], await evalTheirs[0]!.data());
    const pOurs = (await model.predict(x, { batchSize: 7 })) as dl.Tensor;
    close(await pOurs.data(), await (ref.predict(x, { batchSize: 7 }) as dl.Tensor).data());
    dl.dispose([x, labels, y, ...a, pOurs]);
  });
});
