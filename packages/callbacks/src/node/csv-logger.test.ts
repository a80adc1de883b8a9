// CSVLogger on real files: Keras' layout (epoch, then the sorted keys), the separator,
// append, and the clean resume BackupAndRestore relies on.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@dl/tensor';
import { CallbackList, type CallbackModel } from '@dl/callbacks';
import { CSVLogger } from '@dl/callbacks/node';

const root = mkdtempSync(path.join(tmpdir(), 'dl-callbacks-csv-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const model = (): CallbackModel => ({ stopTraining: false, getWeights: () => [], setWeights: () => undefined });

async function run(cb: CSVLogger, m: CallbackModel, epochs: number[], logs: (e: number) => Record<string, number>) {
  const list = new CallbackList([cb], { model: m, params: { epochs: 10, steps: 1 } });
  await list.onTrainBegin();
  for (const e of epochs) await list.onEpochEnd(e, logs(e));
  await list.onTrainEnd();
}

describe('CSVLogger', () => {
  it('writes epoch then the sorted keys (as Keras), with a custom separator, overwriting by default', async () => {
    const file = path.join(root, 'sub', 'a.csv');
    const logs = (e: number) => ({ val_loss: e / 4, loss: e / 2, accuracy: 0.5 });
    await run(new CSVLogger({ filename: file, separator: ';' }), model(), [0, 1], logs);
    expect(readFileSync(file, 'utf8')).toBe('epoch;accuracy;loss;val_loss\n0;0.5;0;0\n1;0.5;0.5;0.25\n');
    await run(new CSVLogger({ filename: file, separator: ';' }), model(), [0], logs);
    expect(readFileSync(file, 'utf8')).toBe('epoch;accuracy;loss;val_loss\n0;0.5;0;0\n');
  });

  it('append keeps the rows and the header\'s columns; a missing key is NA', async () => {
    const file = path.join(root, 'b.csv');
    writeFileSync(file, 'epoch,loss\n0,1\n');
    await run(new CSVLogger({ filename: file, append: true }), model(), [1], () => ({ loss: 0.5, extra: 3 }));
    await run(new CSVLogger({ filename: file, append: true }), model(), [2], () => ({ acc: 3 }));
    expect(readFileSync(file, 'utf8')).toBe('epoch,loss\n0,1\n1,0.5\n2,NA\n');
  });

  it('on a resume drops the rows from the resumed epoch on and a half-written last line', async () => {
    const file = path.join(root, 'c.csv');
    writeFileSync(file, 'epoch,loss\n0,1\n1,0.5\n2,0.25\n3,0.1');
    const m = model();
    m.resumeFrom = { epoch: 2, batch: 3 };
    await run(new CSVLogger({ filename: file }), m, [2, 3], (e) => ({ loss: e }));
    expect(readFileSync(file, 'utf8')).toBe('epoch,loss\n0,1\n1,0.5\n2,2\n3,3\n');
    expect(() => new CSVLogger({ filename: '' })).toThrow(ConfigError);
    expect(() => new CSVLogger({ filename: 'x', separator: '' })).toThrow(/Invalid `separator` for CSVLogger/);
  });
});
