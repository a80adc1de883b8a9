// Loading tfjs-layers models: real artifacts saved by tfjs-layers 4.22, predictions compared.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-layers';
import * as dl from '@dl/tensor';
import { loadTfjsModel, type TfjsModelJSON } from '@dl/models';

async function artifactsOf(model: tf.LayersModel): Promise<{ json: TfjsModelJSON; shard: ArrayBuffer }> {
  let saved: dl.io.ModelArtifacts | undefined;
  await model.save(dl.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const json = JSON.parse(JSON.stringify({ modelTopology: saved!.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: saved!.weightSpecs }], format: 'layers-model' }));
  return { json, shard: saved!.weightData as ArrayBuffer };
}

async function same(a: dl.Tensor, b: dl.Tensor) {
  const x = await a.data();
  const y = await b.data();
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(y[i]!)));
}

describe('loadTfjsModel', () => {
  it('a tfjs Sequential MLP loads with its weights and predicts the same', async () => {
    const ref = tf.sequential({
      layers: [
        tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5], name: 'hidden' }),
        tf.layers.dense({ units: 3, activation: 'softmax', name: 'probs' }),
      ],
    });
    const { json, shard } = await artifactsOf(ref);
    const model = await loadTfjsModel(json, [shard]);
    expect(model.layers.map((l) => l.name)).toEqual(['hidden', 'probs']);
    dl.setSeed(3);
    const x = dl.randomNormal([4, 5]);
    await same(model.predictOnBatch(x) as dl.Tensor, ref.predict(x) as dl.Tensor);
  });

  it('a tfjs functional model with two inputs and an embedding loads and predicts the same', async () => {
    const ids = tf.input({ shape: [6], dtype: 'int32', name: 'ids' });
    const extra = tf.input({ shape: [2], name: 'extra' });
    const emb = tf.layers.embedding({ inputDim: 20, outputDim: 4, name: 'emb' }).apply(ids) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({ name: 'flat' }).apply(emb) as tf.SymbolicTensor;
    const h1 = tf.layers.dense({ units: 5, activation: 'tanh', name: 'h1' }).apply(flat) as tf.SymbolicTensor;
    const h2 = tf.layers.dense({ units: 5, name: 'h2' }).apply(extra) as tf.SymbolicTensor;
    const out1 = tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'out1' }).apply(h1) as tf.SymbolicTensor;
    const out2 = tf.layers.dense({ units: 2, name: 'out2' }).apply(h2) as tf.SymbolicTensor;
    const ref = tf.model({ inputs: [ids, extra], outputs: [out1, out2] });
    const { json, shard } = await artifactsOf(ref);
    const model = await loadTfjsModel(json, [shard]);
    dl.setSeed(4);
    const xs = [dl.randomUniformInt([3, 6], 0, 20), dl.randomNormal([3, 2])];
    const ours = model.predictOnBatch(xs) as dl.Tensor[];
    const theirs = ref.predict(xs) as dl.Tensor[];
    await same(ours[0]!, theirs[0]!);
    await same(ours[1]!, theirs[1]!);
  });

  it('rejects unknown classes, short shards and wrong shapes, naming what is wrong', async () => {
    const ref = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], name: 'd' })] });
    const { json, shard } = await artifactsOf(ref);
    await expect(loadTfjsModel(json, [shard.slice(0, 8)])).rejects.toThrow(/shards hold 8/);
    const wrong = JSON.parse(JSON.stringify(json));
    wrong.weightsManifest[0].weights[0].shape = [4, 2];
    await expect(loadTfjsModel(wrong, [shard])).rejects.toThrow(/expected shape \(3, 2\), received \(4, 2\)/);
    const unknown = JSON.parse(JSON.stringify(json));
    unknown.modelTopology.config.layers[0].class_name = 'Mystery';
    await expect(loadTfjsModel(unknown, [shard])).rejects.toThrow(/Unknown layer class "Mystery"; registered: /);
    const evil = JSON.parse('{"modelTopology": {"class_name": "Sequential", "config": {"__proto__": {"polluted": 1}}}}');
    await expect(loadTfjsModel(evil, [])).rejects.toThrow(dl.FormatError);
  });
});
