import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as dl from '@dl/tensor';
import { Dense, Embedding, Flatten, Input } from '@dl/layers';
import { Adam } from '@dl/optimizers';
import { Model, Sequential, cloneModel, loadModel, loadModelFile, modelFromJSON, modelToJSON } from '@dl/models';

const dir = mkdtempSync(path.join(tmpdir(), 'dl-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function values(ts: dl.Tensor[]): Promise<number[][]> {
  const out = [];
  for (const t of ts) out.push(Array.from(await t.data()));
  dl.dispose(ts);
  return out;
}

function classifier() {
  dl.setSeed(1);
  const m = new Sequential([Input({ shape: [6] }), new Dense(8, { activation: 'relu' }), new Dense(3, { activation: 'softmax' })]);
  m.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function data() {
  dl.setSeed(2);
  return { x: dl.randomNormal([48, 6]), y: dl.randomUniformInt([48, 1], 0, 3) };
}

describe('save and load', () => {
  it('round-trips a compiled Sequential through a file: same predictions, and training resumes exactly', async () => {
    const { x, y } = data();
    const a = classifier();
    await a.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    const file = path.join(dir, 'clf.safetensors');
    await a.save(file);
    const b = await loadModelFile(file);
    expect(await values(b.getWeights())).toEqual(await values(a.getWeights()));
    expect(b.optimizer!.iterations).toBe(6);
    // Continue both the same way: the loaded optimizer state gives bit-identical weights.
    dl.setSeed(9);
    await a.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    dl.setSeed(9);
    await b.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    expect(await values(b.getWeights())).toEqual(await values(a.getWeights()));
    expect(await b.evaluate(x, y)).toEqual(await a.evaluate(x, y));
  });

  it('round-trips a functional model with an embedding and two outputs through bytes', async () => {
    dl.setSeed(3);
    const ids = Input({ shape: [5], dtype: 'int32', name: 'ids' });
    const h = new Flatten().apply(new Embedding(30, 4, { name: 'emb' }).apply(ids));
    const m = new Model({ inputs: ids, outputs: [new Dense(1, { name: 'p' }).apply(h), new Dense(2, { name: 'q' }).apply(h)] });
    const bytes = (await m.save())!;
    const back = await loadModel(bytes);
    const x = dl.randomUniformInt([3, 5], 0, 30);
    const [p1, q1] = m.predictOnBatch(x) as dl.Tensor[];
    const [p2, q2] = back.predictOnBatch(x) as dl.Tensor[];
    expect(await values([p2!, q2!])).toEqual(await values([p1!, q1!]));
    expect(cloneModel(m).countParams()).toBe(m.countParams());
    expect(modelFromJSON(modelToJSON(m)).layers.map((l) => l.name)).toEqual(m.layers.map((l) => l.name));
  });

  it('strict loading: missing, unexpected and misshaped weights are named, and a failed load changes nothing', async () => {
    const a = classifier();
    const before = await values(a.getWeights());
    dl.setSeed(5);
    const other = new Sequential([Input({ shape: [6] }), new Dense(9, { name: a.layers[0]!.name }), new Dense(3, { name: a.layers[1]!.name })]);
    await expect(a.loadWeights((await other.saveWeights())!)).rejects.toThrow(/expected shape \(6, 8\), received \(6, 9\)/);
    expect(await values(a.getWeights())).toEqual(before);
    const small = new Sequential([Input({ shape: [6] }), new Dense(3, { name: a.layers[0]!.name })]);
    await expect(a.loadWeights((await small.saveWeights())!)).rejects.toThrow(/missing "dense_\d+\/kernel", "dense_\d+\/bias"/);
    await expect(small.loadWeights((await a.saveWeights())!)).rejects.toThrow(/unexpected/);
    expect(await values(a.getWeights())).toEqual(before);
  });

  it('loading never runs code: unknown classes and prototype keys are refused; a corrupt file names itself', async () => {
    const m = classifier();
    const json = JSON.parse(modelToJSON(m));
    json.config.layers[1].className = 'Evil';
    expect(() => modelFromJSON(JSON.stringify(json))).toThrow(/Unknown layer class "Evil"; registered: .*Dense/);
    expect(() => modelFromJSON('{"className":"Sequential","config":{"__proto__":{"x":1},"layers":[]}}')).toThrow(dl.FormatError);
    const file = path.join(dir, 'corrupt.safetensors');
    writeFileSync(file, Buffer.from('not a model at all, really'));
    await expect(loadModelFile(file)).rejects.toThrow(/corrupt\.safetensors/);
    await expect(m.save(file, { overwrite: false })).rejects.toThrow(/the file exists/);
  });

  it('a save killed with SIGKILL leaves the previous file loadable', async () => {
    const file = path.join(dir, 'big.safetensors');
    const child = `
      import * as dl from '@dl/tensor';
      import { Dense, Input } from '@dl/layers';
      import { Sequential } from '@dl/models';
      const m = new Sequential([Input({ shape: [512] }), new Dense(2048), new Dense(512)]);
      await m.save(${JSON.stringify(file)});
      process.stdout.write('saved\\n');
      for (;;) { dl.tidy(() => m.layers[0].weights[0].assign(dl.randomNormal([512, 2048]))); await m.save(${JSON.stringify(file)}); }
    `;
    const script = path.join(process.cwd(), 'tests', `.save-child-${process.pid}.mjs`);
    writeFileSync(script, child);
    try {
      const proc = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 700));
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
    } finally {
      rmSync(script, { force: true });
    }
    const loaded = await loadModelFile(file);
    expect(loaded.countParams()).toBe(512 * 2048 + 2048 + 2048 * 512 + 512);
    expect(readdirSync(dir).filter((f) => f.startsWith('big.safetensors'))).toEqual(['big.safetensors']);
  });
});
