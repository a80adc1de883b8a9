// A small real training loop for the tests, written against @dl/callbacks' contract exactly
// the way @dl/models' fit implements it (see CallbackModel's doc comment): a two-layer dense
// model whose weights are variables, an @dl/optimizers Adam, a mean squared error, a seeded
// shuffle per epoch and dropout drawing on @dl/tensor's random stream.
import {
  add, dispose, dropout, gather, getRandomState, matMul, mean, randomNormal, readScalar, relu, setRandomState,
  setSeed, shuffle, square, sub, tensor1d, tensor2d, tidy, variable, zeros, scalar,
} from '@dl/tensor';
import { Adam } from '@dl/optimizers';
import { CallbackList } from '@dl/callbacks';

/** A dense 4 -> 16 -> 1 model with dropout, implementing CallbackModel. */
export class TinyModel {
  constructor({ seed = 1, units = 16, dropoutRate = 0.2, learningRate = 0.01 } = {}) {
    setSeed(seed);
    this.vars = [
      variable(randomNormal([4, units], 0, 0.5)), variable(zeros([units])),
      variable(randomNormal([units, 1], 0, 0.5)), variable(zeros([1])),
    ];
    this.dropoutRate = dropoutRate;
    this.optimizer = new Adam({ learningRate });
    this.stopTraining = false;
    this.lossSum = variable(scalar(0));
    this.lossCount = variable(scalar(0));
    this.saves = [];
  }
  getWeights() { return this.vars.map((v) => v.clone()); }
  setWeights(ws) { this.vars.forEach((v, i) => v.assign(ws[i])); }
  getMetricState() { return [this.lossSum.clone(), this.lossCount.clone()]; }
  setMetricState([s, c]) { this.lossSum.assign(s); this.lossCount.assign(c); }
  resetMetrics() { tidy(() => { this.lossSum.assign(scalar(0)); this.lossCount.assign(scalar(0)); }); }
  async save(path, options) { this.saves.push({ path, options, kind: 'model' }); }
  async saveWeights(path) { this.saves.push({ path, kind: 'weights' }); }
  forward(x, training) {
    const [w1, b1, w2, b2] = this.vars;
    let h = relu(add(matMul(x, w1), b1));
    if (training && this.dropoutRate > 0) h = dropout(h, this.dropoutRate);
    return add(matMul(h, w2), b2);
  }
}

/** A seeded regression data set: y = x . [1, -2, 0.5, 3] + 0.1. */
export function makeData(n = 64, seed = 7) {
  setSeed(seed);
  const x = randomNormal([n, 4]);
  const y = tidy(() => add(matMul(x, tensor2d([[1], [-2], [0.5], [3]])), 0.1));
  return { x, y };
}

/**
 * fit(model, x, y, options): the loop. Returns the History-like list of epoch logs.
 * options: { epochs, batchSize, callbacks, shuffle = true, batchLoss = 'running', onBatchDone }
 */
export async function fit(model, x, y, { epochs, batchSize, callbacks = [], shuffle: doShuffle = true, metrics } = {}) {
  const n = x.shape[0];
  const steps = Math.ceil(n / batchSize);
  const list = new CallbackList(callbacks, {
    model, params: { epochs, steps, verbose: 0, metrics: metrics ?? ['loss'] },
  });
  model.stopTraining = false;
  model.optimizer.build(model.vars);
  const p0 = list.onTrainBegin(); if (p0) await p0;
  const from = model.resumeFrom ?? { epoch: 0, batch: 0 };
  model.resumeFrom = undefined;
  const epochLogs = [];
  for (let epoch = from.epoch; epoch < epochs && !model.stopTraining; epoch++) {
    const skip = epoch === from.epoch ? from.batch : 0;
    if (skip === 0) model.resetMetrics();
    const pe = list.onEpochBegin(epoch); if (pe) await pe;
    const rs = model.resumeRandomState;
    if (rs) setRandomState(rs.epochBegin);
    const order = Array.from({ length: n }, (_, i) => i);
    if (doShuffle) shuffle(order);
    if (rs) { setRandomState(rs.current); model.resumeRandomState = undefined; }
    for (let b = skip; b < steps; b++) {
      if (list.hasTrainBatchHooks) { const p = list.onTrainBatchBegin(b); if (p) await p; }
      const idx = tensor1d(order.slice(b * batchSize, (b + 1) * batchSize), 'int32');
      const xb = gather(x, idx), yb = gather(y, idx);
      const loss = model.optimizer.minimize(() => mean(square(sub(model.forward(xb, true), yb))), model.vars);
      tidy(() => { model.lossSum.assign(add(model.lossSum, loss)); model.lossCount.assign(add(model.lossCount, 1)); });
      dispose([idx, xb, yb, loss]);
      if (list.hasTrainBatchHooks) {
        let logs;
        if (list.wantsBatchLogs(b)) logs = { loss: (await readScalar(model.lossSum)) / (await readScalar(model.lossCount)) };
        const p = list.onTrainBatchEnd(b, logs); if (p) await p;
      }
      if (model.stopTraining) break;
    }
    const logs = { loss: (await readScalar(model.lossSum)) / (await readScalar(model.lossCount)) };
    const pee = list.onEpochEnd(epoch, logs); if (pee) await pee;
    epochLogs.push({ epoch, ...logs });
  }
  const pt = list.onTrainEnd(); if (pt) await pt;
  return epochLogs;
}

/** The model's weights and optimizer iterations as plain arrays, to compare runs bit for bit. */
export async function snapshot(model) {
  const weights = [];
  for (const v of model.vars) weights.push(Array.from(await v.data()));
  const state = model.optimizer.getState();
  const slots = {};
  for (const [k, t] of Object.entries(state.variables)) { slots[k] = Array.from(await t.data()); t.dispose(); }
  return { weights, slots, iterations: state.iterations, random: getRandomState() };
}
