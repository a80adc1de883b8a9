// A two-layer network learns the "quadrants" problem (label 1 where x*y > 0), a
// problem no straight line separates, with plain @dl/tensor ops, autodiff and SGD.
// It stands in for the book's first example until @dl/layers and @dl/models exist.
import * as dl from '@dl/tensor';

/** 2-D points uniform in [-1, 1]^2 from dl's seeded stream, labelled 1 where x*y > 0. */
export function makeData(n) {
  const xs = new Float32Array(n * 2);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = dl.random() * 2 - 1;
    const b = dl.random() * 2 - 1;
    xs[2 * i] = a;
    xs[2 * i + 1] = b;
    ys[i] = a * b > 0 ? 1 : 0;
  }
  return { x: dl.tensor2d(xs, [n, 2]), y: dl.tensor2d(ys, [n, 1]) };
}

/**
 * Trains the network and returns the loss and accuracy of every epoch.
 * @param {{ epochs?: number, samples?: number, batchSize?: number, learningRate?: number, hidden?: number, seed?: number, log?: (line: string) => void }} [options]
 */
export async function train(options = {}) {
  const { epochs = 40, samples = 1024, batchSize = 64, learningRate = 0.5, hidden = 16, seed = 42, log = () => {} } = options;
  dl.setSeed(seed);
  const { x, y } = makeData(samples);
  // Glorot-uniform weights, zero biases (Keras' Dense defaults).
  const limit1 = Math.sqrt(6 / (2 + hidden));
  const limit2 = Math.sqrt(6 / (hidden + 1));
  const init = (name, make) => {
    const value = make();
    const v = dl.variable(value, true, name);
    value.dispose();
    return v;
  };
  const w1 = init('w1', () => dl.randomUniform([2, hidden], -limit1, limit1));
  const b1 = init('b1', () => dl.zeros([hidden]));
  const w2 = init('w2', () => dl.randomUniform([hidden, 1], -limit2, limit2));
  const b2 = init('b2', () => dl.zeros([1]));
  const params = [w1, b1, w2, b2];

  const logits = (inputs) => dl.add(dl.matMul(dl.relu(dl.add(dl.matMul(inputs, w1), b1)), w2), b2);
  // Binary cross-entropy from logits, in the numerically stable form.
  const loss = (inputs, labels) => {
    const z = logits(inputs);
    return dl.mean(dl.add(dl.sub(dl.relu(z), dl.mul(z, labels)), dl.log1p(dl.exp(dl.neg(dl.abs(z))))));
  };

  const history = [];
  const steps = Math.ceil(samples / batchSize);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = dl.tensor1d(dl.shuffle(Array.from({ length: samples }, (_, i) => i)), 'int32');
    for (let s = 0; s < steps; s++) {
      dl.tidy(() => {
        const idx = dl.slice(order, s * batchSize, Math.min(batchSize, samples - s * batchSize));
        const xb = dl.gather(x, idx);
        const yb = dl.gather(y, idx);
        const { grads } = dl.variableGrads(() => loss(xb, yb), params);
        for (const p of params) p.assign(dl.sub(p, dl.mul(grads[p.name], learningRate)));
      });
    }
    order.dispose();
    const metrics = dl.tidy(() => [
      loss(x, y),
      dl.mean(dl.cast(dl.equal(dl.cast(dl.greater(logits(x), 0), 'float32'), y), 'float32')),
    ]);
    const [epochLoss, accuracy] = await Promise.all(metrics.map((t) => dl.readScalar(t)));
    dl.dispose(metrics);
    history.push({ epoch, loss: epochLoss, accuracy });
    log(`epoch ${String(epoch).padStart(2)}  loss ${epochLoss.toFixed(4)}  accuracy ${accuracy.toFixed(3)}`);
  }
  dl.dispose([x, y, ...params]);
  return history;
}
