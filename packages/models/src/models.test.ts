import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { Dense, Input, serializeLayer } from '@dl/layers';
import { Callback, EarlyStopping } from '@dl/callbacks';
import { Mean } from '@dl/metrics';
import { SGD } from '@dl/optimizers';
import { Model, Sequential, type Batch } from '@dl/models';

function mlp(seed = 1) {
  dl.setSeed(seed);
  const m = new Sequential([Input({ shape: [5] }), new Dense(8, { activation: 'relu' }), new Dense(1, { activation: 'sigmoid' })]);
  m.compile({ optimizer: 'rmsprop', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

function data(n = 64, seed = 2) {
  dl.setSeed(seed);
  const x = dl.randomNormal([n, 5]);
  const y = dl.cast(dl.greater(dl.sum(x, 1, true), 0), 'float32');
  return { x, y };
}

async function flat(model: Model): Promise<number[]> {
  const ws = model.getWeights();
  const out: number[] = [];
  for (const w of ws) out.push(...(await w.data()));
  dl.dispose(ws);
  return out;
}

describe('Sequential', () => {
  it('builds from an Input, names layers, counts parameters, summarizes as Keras', () => {
    const m = mlp();
    expect(m.layers.map((l) => (l.constructor as typeof Dense).className)).toEqual(['Dense', 'Dense']);
    expect(m.countParams()).toBe(5 * 8 + 8 + 8 + 1);
    const lines: string[] = [];
    const text = m.summary({ printFn: (s) => lines.push(s) });
    expect(text).toContain('(None, 8)');
    expect(text).toContain(' Total params: 57 (228.00 B)');
    expect(text).toContain(' Trainable params: 57 (228.00 B)');
    expect(m.getLayer(0)).toBe(m.layers[0]);
    expect(() => m.getLayer('nope')).toThrow(/No layer "nope"/);
    m.dispose();
  });

  it('builds lazily on the first data when no input shape is given; pop removes the top layer', async () => {
    const m = new Sequential([new Dense(3), new Dense(2)]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const { x } = data(8);
    await m.fit(x, dl.zeros([8, 2]), { epochs: 1, verbose: 0 });
    expect(m.layers[0]!.weights[0]!.shape).toEqual([5, 3]);
    const top = m.pop();
    expect(top.name).toBe(m.layers.length === 1 ? top.name : '');
    expect(m.layers.length).toBe(1);
    expect(() => new Sequential().pop()).toThrow(/no layers/);
    m.dispose();
  });

  it('same seed, same weights: two runs are bit-identical on cpu', async () => {
    const runs: number[][] = [];
    for (let r = 0; r < 2; r++) {
      const m = mlp(7);
      const { x, y } = data(50, 8);
      dl.setSeed(9);
      await m.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 });
      runs.push(await flat(m));
      m.dispose();
      dl.dispose([x, y]);
    }
    expect(runs[0]).toEqual(runs[1]);
  });

  it('learns, and no tensor grows across epochs', async () => {
    const m = mlp(3);
    const { x, y } = data(256, 4);
    await m.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    const before = dl.memory().numTensors;
    const h = await m.fit(x, y, { epochs: 15, batchSize: 32, verbose: 0, validationSplit: 0.25 });
    expect(dl.memory().numTensors).toBe(before);
    expect(h.history['val_accuracy']!.at(-1)!).toBeGreaterThan(0.7);
    expect(h.history['val_accuracy']!.at(-1)!).toBeGreaterThan(h.history['val_accuracy']![0]!);
    expect(h.history['loss']!.at(-1)!).toBeLessThan(h.history['loss']![0]!);
    const ev = await m.evaluate(x, y);
    expect(Object.keys(ev)).toEqual(['loss', 'accuracy']);
    const n = dl.memory().numTensors;
    const p = (await m.predict(x, { batchSize: 50 })) as dl.Tensor;
    expect(p.shape).toEqual([256, 1]);
    p.dispose();
    expect(dl.memory().numTensors).toBe(n);
    m.dispose();
    dl.dispose([x, y]);
  });

  it('validationSplit holds out the last fraction, before shuffling (as Keras)', async () => {
    const m = new Sequential([Input({ shape: [1] }), new Dense(1, { useBias: false, kernelInitializer: 'zeros' })]);
    m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    // x = 0..9, y = x: with zero weights the loss is mean(y^2) over the set.
    const x = dl.tensor2d([...Array(10).keys()], [10, 1]);
    const h = await m.fit(x, x, { epochs: 1, batchSize: 3, validationSplit: 0.3, verbose: 0 });
    expect(h.history['val_loss']![0]).toBeCloseTo((49 + 64 + 81) / 3, 4);
    expect(h.history['loss']![0]).toBeCloseTo((0 + 1 + 4 + 9 + 16 + 25 + 36) / 7, 4);
    m.dispose();
    x.dispose();
  });
});

describe('errors', () => {
  it('x and y of different lengths, NaN, wrong shapes and fit before compile raise clear errors', async () => {
    const m = mlp();
    const { x, y } = data(10);
    await expect(m.fit(x, dl.zeros([9, 1]), { verbose: 0 })).rejects.toThrow(/`x` has 10 samples but `y` has 9/);
    const bad = dl.tensor2d([[1, 2, 3, 4, 5], [1, NaN, 3, 4, 5]]);
    await expect(m.fit(bad, dl.zeros([2, 1]), { verbose: 0 })).rejects.toThrow(/sample 1 contains NaN/);
    await m.fit(bad, dl.zeros([2, 1]), { verbose: 0, checkNaN: false }); // opt-out
    // Infinities of both signs sum to NaN without any NaN in the data: the per-sample search clears them.
    const infinite = dl.tensor2d([[Infinity, 2, 3, 4, 5], [1, -Infinity, 3, 4, 5]]);
    await expect(m.fit(infinite, dl.zeros([2, 1]), { verbose: 0 })).resolves.toBeDefined();
    const nanInLastRow = dl.tensor2d([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [1, 2, NaN, 4, 5]]);
    await expect(m.fit(nanInLastRow, dl.zeros([3, 1]), { verbose: 0 })).rejects.toThrow(/sample 2 contains NaN/);
    dl.dispose([infinite, nanInLastRow]);
    await expect(m.fit(dl.zeros([4, 7]), dl.zeros([4, 1]), { verbose: 0 })).rejects.toThrow(/expected axis -1 of size 5, received 7/);
    await expect(m.predict(dl.zeros([4]))).rejects.toThrow(dl.ShapeError);
    const fresh = new Sequential([Input({ shape: [5] }), new Dense(1)]);
    await expect(fresh.fit(x, y, { verbose: 0 })).rejects.toThrow(/not compiled/);
    expect(() => m.compile({ optimizer: 'nope', loss: 'mse' })).toThrow(dl.ConfigError);
    expect(() => m.compile({ loss: 'nope' })).toThrow(/Invalid `loss`/);
    await expect(m.fit(x, y, { batchSize: 0, verbose: 0 })).rejects.toThrow(/`batchSize`/);
    m.dispose();
  });
});

describe('functional models', () => {
  function twoByTwo() {
    dl.setSeed(11);
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [3], name: 'b' });
    const shared = new Dense(6, { activation: 'relu', name: 'shared' });
    const ha = shared.apply(a);
    const hb = new Dense(6, { name: 'proj_b' }).apply(b);
    const joined = new Dense(6, { activation: 'tanh', name: 'join' }).apply(ha);
    const score = new Dense(1, { name: 'score' }).apply(joined);
    const cls = new Dense(3, { activation: 'softmax', name: 'cls' }).apply(hb);
    return new Model({ inputs: [a, b], outputs: [score, cls], name: 'two_by_two' });
  }

  it('two inputs, two outputs: per-output losses, metrics and loss weights', async () => {
    const m = twoByTwo();
    m.compile({ optimizer: 'adam', loss: { score: 'mse', cls: 'sparseCategoricalCrossentropy' }, metrics: { cls: ['accuracy'] }, lossWeights: [0.5, 1] });
    dl.setSeed(12);
    const xa = dl.randomNormal([40, 4]);
    const xb = dl.randomNormal([40, 3]);
    const ys = dl.randomNormal([40, 1]);
    const yc = dl.randomUniformInt([40, 1], 0, 3);
    const h = await m.fit({ a: xa, b: xb }, [ys, yc], { epochs: 2, batchSize: 8, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(['loss', 'score_loss', 'cls_loss', 'cls_accuracy']);
    const e = await m.evaluate([xa, xb], { score: ys, cls: yc });
    expect(e['loss']).toBeCloseTo(0.5 * e['score_loss']! + e['cls_loss']!, 5);
    expect(() => m.compile({ loss: ['mse'] })).toThrow(/one per output \(2: score, cls\)/);
    m.dispose();
    dl.dispose([xa, xb, ys, yc]);
  });

  it('a model is a layer: nested in another, its config round-trips and rebuilds the same function', async () => {
    const inner = twoByTwo();
    const json = JSON.parse(JSON.stringify({ className: 'Functional', config: inner.getConfig() }));
    const rebuilt = Model.fromConfig(json.config);
    rebuilt.setWeights(inner.getWeights());
    dl.setSeed(1);
    const xs = [dl.randomNormal([3, 4]), dl.randomNormal([3, 3])];
    const a = inner.predictOnBatch(xs) as dl.Tensor[];
    const b = rebuilt.predictOnBatch(xs) as dl.Tensor[];
    for (let i = 0; i < 2; i++) expect(Array.from(await b[i]!.data())).toEqual(Array.from(await a[i]!.data()));
    expect(serializeLayer(rebuilt).config['outputLayers']).toEqual(json.config.outputLayers);

    const x = Input({ shape: [4] });
    const y = Input({ shape: [3] });
    const [s] = inner.applyAll([x, y]);
    const outer = new Model({ inputs: [x, y], outputs: new Dense(2).apply(s!) });
    expect(outer.layers.includes(inner)).toBe(true);
    expect(outer.countParams()).toBe(inner.countParams() + 2 * 1 + 2);
    dl.dispose([...a, ...b, ...xs]);
  });

  it('rejects inputs not made by Input and disconnected graphs', () => {
    const a = Input({ shape: [2] });
    const b = Input({ shape: [2] });
    const h = new Dense(2).apply(a);
    expect(() => new Model({ inputs: h, outputs: h })).toThrow(/expected tensors made by Input\(\)/);
    expect(() => new Model({ inputs: b, outputs: h })).toThrow(/Graph disconnected/);
  });
});

describe('custom training', () => {
  it('a subclassed model finds its layers and trains', async () => {
    class TwoLayer extends Model {
      hidden = new Dense(4, { activation: 'relu' });
      out = new Dense(1);
      override call(x: dl.Tensor | dl.Tensor[]) {
        return this.out.apply(this.hidden.apply(x as dl.Tensor));
      }
    }
    const m = new TwoLayer();
    m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'mse' });
    const { x } = data(32);
    const y = dl.sum(x, 1, true);
    const h = await m.fit(x, y, { epochs: 10, verbose: 0 });
    expect(m.trainableWeights.length).toBe(4);
    expect(h.history['loss']!.at(-1)!).toBeLessThan(h.history['loss']![0]!);
    m.dispose();
  });

  it('trainStep is overridable: a GAN-style pair trains with its own trackers', async () => {
    dl.setSeed(21);
    const generator = new Sequential([Input({ shape: [2] }), new Dense(4, { activation: 'relu' }), new Dense(3)]);
    const discriminator = new Sequential([Input({ shape: [3] }), new Dense(4, { activation: 'relu' }), new Dense(1)]);
    class Gan extends Model {
      g = generator;
      d = discriminator;
      dLoss = new Mean({ name: 'd_loss' });
      gLoss = new Mean({ name: 'g_loss' });
      dOpt = new SGD({ learningRate: 0.05 });
      gOpt = new SGD({ learningRate: 0.05 });
      override get metrics() {
        return [this.dLoss, this.gLoss];
      }
      override call(x: dl.Tensor | dl.Tensor[]) {
        return this.d.apply(x as dl.Tensor);
      }
      override trainStep(batch: Batch) {
        const real = batch.x as dl.Tensor;
        const n = real.shape[0]!;
        const bce = (logits: dl.Tensor, label: number) =>
          dl.losses.sigmoidCrossEntropy(dl.fill([n, 1], label), logits) as dl.Scalar;
        dl.tidy(() => {
          const noise = dl.randomNormal([n, 2]);
          const dVars = this.d.trainableWeights.map((w) => w.value);
          const d = dl.variableGrads(() => dl.add(bce(this.d.apply(real, { training: true }), 1), bce(this.d.apply(this.g.apply(noise), { training: true }), 0)) as dl.Scalar, dVars);
          this.dOpt.applyGradients(dVars.map((v) => [d.grads[v.name], v] as const));
          const gVars = this.g.trainableWeights.map((w) => w.value);
          const g = dl.variableGrads(() => bce(this.d.apply(this.g.apply(noise, { training: true })), 1), gVars);
          this.gOpt.applyGradients(gVars.map((v) => [g.grads[v.name], v] as const));
          this.dLoss.updateState(d.value);
          this.gLoss.updateState(g.value);
        });
      }
    }
    const gan = new Gan();
    gan.compile({ optimizer: 'sgd', loss: 'mse' });
    const real = dl.add(dl.randomNormal([64, 3], 0, 0.1), 2);
    const before = Array.from(await generator.getWeights()[0]!.data());
    const h = await gan.fit(real, undefined, { epochs: 3, batchSize: 16, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(['d_loss', 'g_loss']);
    expect(h.history['d_loss']!.every(Number.isFinite)).toBe(true);
    expect(Array.from(await generator.getWeights()[0]!.data())).not.toEqual(before);
  });
});

describe('callbacks and datasets', () => {
  it('EarlyStopping stops fit; batch hooks get logs only when asked', async () => {
    const m = mlp();
    const { x, y } = data(32);
    const seen: (Record<string, number> | undefined)[] = [];
    class Spy extends Callback {
      override wantsBatchLogs(batch: number) {
        return batch === 1;
      }
      override onTrainBatchEnd(_batch: number, logs?: Record<string, number>) {
        seen.push(logs);
      }
    }
    const h = await m.fit(x, y, {
      epochs: 50,
      batchSize: 8,
      verbose: 0,
      callbacks: [new Spy(), new EarlyStopping({ monitor: 'loss', patience: 0, minDelta: 10 })],
    });
    expect(h.epoch).toEqual([0, 1]);
    expect(seen.length).toBe(8);
    expect(seen.filter((l) => l !== undefined).length).toBe(2);
    expect(Object.keys(seen[1]!)).toEqual(['loss', 'accuracy']);
    m.dispose();
  });

  it('fits an async iterable of batches, with stepsPerEpoch', async () => {
    const m = mlp();
    const { x, y } = data(40);
    const dataset = {
      async *[Symbol.asyncIterator]() {
        for (let i = 0; ; i = (i + 10) % 40) yield { x: dl.slice(x, i, 10), y: dl.slice(y, i, 10) };
      },
    };
    const h = await m.fit(dataset, undefined, { epochs: 2, stepsPerEpoch: 4, verbose: 0 });
    expect(h.history['loss']!.length).toBe(2);
    const finite = { *[Symbol.iterator]() { yield [x, y] as [dl.Tensor, dl.Tensor]; } };
    const e = await m.evaluate(finite);
    expect(e['loss']).toBeGreaterThan(0);
    m.dispose();
  });
});
