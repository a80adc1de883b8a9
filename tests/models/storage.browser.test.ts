// @dl/models' browser storage in headless Chromium: IndexedDB and downloads.
// Oracle: the model that was saved; a loaded copy must predict bit for bit the same.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { ConfigError } from '@dl/tensor';
import { Dense, Input } from '@dl/layers';
import {
  Sequential, type Model, deleteFromIndexedDB, downloadModel, listIndexedDB, loadFromIndexedDB, loadModelFromFile, saveToIndexedDB,
} from '@dl/models';

beforeAll(async () => {
  await dl.setBackend('cpu');
});

beforeEach(async () => {
  for (const { key } of await listIndexedDB()) await deleteFromIndexedDB(key);
});

function data() {
  dl.setSeed(2);
  return { x: dl.randomNormal([16, 4]), y: dl.randomUniformInt([16, 1], 0, 3) };
}

async function trained(units = 8): Promise<Sequential> {
  dl.setSeed(1);
  const m = new Sequential([Input({ shape: [4] }), new Dense(units, { activation: 'relu' }), new Dense(3, { activation: 'softmax' })]);
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const { x, y } = data();
  await m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
  dl.dispose([x, y]);
  return m;
}

async function predictions(m: Model): Promise<Float32Array> {
  const { x, y } = data();
  const p = (await m.predict(x)) as dl.Tensor;
  const out = (await p.data()) as Float32Array;
  dl.dispose([x, y, p]);
  return out;
}

describe('IndexedDB', () => {
  it('saves a trained model and loads it back: the same predictions, bit for bit, and the optimizer state', async () => {
    const a = await trained();
    const info = await saveToIndexedDB(a, 'clf');
    expect(info.key).toBe('clf');
    expect(info.size).toBe((await a.save())!.byteLength);
    const b = await loadFromIndexedDB('clf');
    expect(Array.from(await predictions(b))).toEqual(Array.from(await predictions(a)));
    expect(b.optimizer!.iterations).toBe(a.optimizer!.iterations);
    const listed = await listIndexedDB();
    expect(listed.map((e) => [e.key, e.size])).toEqual([['clf', info.size]]);
    expect(listed[0]!.savedAt).toBe(info.savedAt);
    a.dispose();
    b.dispose();
  });

  it('overwrites: a second save under the same key keeps only the new model', async () => {
    const first = await trained(8);
    const second = await trained(5);
    await saveToIndexedDB(first, 'clf');
    await saveToIndexedDB(second, 'clf');
    expect((await listIndexedDB()).map((e) => e.key)).toEqual(['clf']);
    const back = await loadFromIndexedDB('clf');
    expect(back.layers[0]!.getConfig()['units']).toBe(5);
    expect(Array.from(await predictions(back))).toEqual(Array.from(await predictions(second)));
    [first, second, back].forEach((m) => m.dispose());
  });

  it('a save that fails leaves the model saved before under that key', async () => {
    const kept = await trained(8);
    await saveToIndexedDB(kept, 'clf');
    const broken = await trained(5);
    broken.dispose(); // reading its weights now throws, midway through the save
    await expect(saveToIndexedDB(broken, 'clf')).rejects.toThrow();
    const back = await loadFromIndexedDB('clf');
    expect(Array.from(await predictions(back))).toEqual(Array.from(await predictions(kept)));
    [kept, back].forEach((m) => m.dispose());
  });

  it('a missing key is a ConfigError naming the key and listing the stored keys', async () => {
    const m = await trained();
    await saveToIndexedDB(m, 'b-model');
    await saveToIndexedDB(m, 'a-model');
    const err = await loadFromIndexedDB('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      'Cannot load "nope" from IndexedDB: no model is saved under `key` "nope" in database "dl-models"; stored keys: "a-model", "b-model".',
    );
    expect(await deleteFromIndexedDB('a-model')).toBe(true);
    expect(await deleteFromIndexedDB('a-model')).toBe(false);
    expect((await listIndexedDB()).map((e) => e.key)).toEqual(['b-model']);
    await expect(saveToIndexedDB(m, '')).rejects.toThrow('Invalid `key` for saveToIndexedDB: expected a non-empty string, received ""');
    m.dispose();
  });
});

describe('downloadModel and loadModelFromFile', () => {
  it('offers a Blob of the saved bytes, which loadModelFromFile loads back to the same predictions', async () => {
    const a = await trained();
    const blob = await downloadModel(a, 'clf.safetensors');
    expect(blob).toBeInstanceOf(Blob);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual((await a.save())!);
    const b = await loadModelFromFile(new File([blob], 'clf.safetensors'));
    expect(Array.from(await predictions(b))).toEqual(Array.from(await predictions(a)));
    expect(document.querySelectorAll('a[download]').length).toBe(0);
    a.dispose();
    b.dispose();
  });
});
