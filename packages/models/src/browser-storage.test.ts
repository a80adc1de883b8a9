import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { ConfigError, FormatError } from '@dl/tensor';
import { Dense, Input } from '@dl/layers';
import {
  Sequential, deleteFromIndexedDB, downloadModel, listIndexedDB, loadFromIndexedDB, loadModelFromFile, saveToIndexedDB,
} from '@dl/models';

function model(): Sequential {
  dl.setSeed(1);
  const m = new Sequential([Input({ shape: [4] }), new Dense(6, { activation: 'relu' }), new Dense(2)]);
  m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return m;
}

describe('loadModelFromFile in Node', () => {
  it('loads a Node Blob of model.save() bytes: the same weights and predictions', async () => {
    const a = model();
    dl.setSeed(2);
    const x = dl.randomNormal([8, 4]);
    const y = dl.randomNormal([8, 2]);
    await a.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    const b = await loadModelFromFile(new Blob([(await a.save())! as Uint8Array<ArrayBuffer>]));
    const pa = (await a.predict(x)) as dl.Tensor;
    const pb = (await b.predict(x)) as dl.Tensor;
    expect(Array.from(await pb.data())).toEqual(Array.from(await pa.data()));
    expect(b.optimizer!.iterations).toBe(2);
    dl.dispose([x, y, pa, pb]);
    a.dispose();
    b.dispose();
  });

  it('names the file in a FormatError for bytes that are not a model, and refuses a non-Blob', async () => {
    const file = new File([new Uint8Array([1, 2, 3])], 'junk.bin');
    await expect(loadModelFromFile(file)).rejects.toThrow(FormatError);
    await expect(loadModelFromFile(file)).rejects.toThrow('"junk.bin"');
    await expect(loadModelFromFile('model.safetensors' as unknown as Blob)).rejects.toThrow(
      'Invalid `file` for loadModelFromFile: expected a Blob or File, received "model.safetensors".',
    );
  });
});

describe('browser-only targets in Node', () => {
  it('IndexedDB functions throw a ConfigError saying IndexedDB is a browser API', async () => {
    expect('indexedDB' in globalThis).toBe(false);
    const m = model();
    for (const p of [saveToIndexedDB(m, 'k'), loadFromIndexedDB('k'), deleteFromIndexedDB('k'), listIndexedDB()]) {
      const err = await (p as Promise<unknown>).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('IndexedDB is a browser API');
    }
    m.dispose();
  });

  it('downloadModel throws a ConfigError without a DOM', async () => {
    const m = model();
    await expect(downloadModel(m)).rejects.toThrow(
      'Cannot download "model.safetensors": downloadModel needs a browser page (`document` is not defined here); in Node, use `model.save(path)`.',
    );
    m.dispose();
  });
});
