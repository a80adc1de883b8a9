// The callbacks inside a real training loop (test-helpers/train.mjs, written against the
// CallbackModel contract as @dl/models' fit is): TerminateOnNaN on NaN labels (the recipe of
// Keras' terminate_on_nan_test), and no tensor leaked by a fit with every callback that
// holds tensors.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DLError, concat, memory, tensor2d, fill, slice } from '@dl/tensor';
import { EarlyStopping, History, LambdaCallback, ModelCheckpoint, ProgbarLogger, ReduceLROnPlateau, TerminateOnNaN } from '@dl/callbacks';
import { BackupAndRestore, BACKUP_FILE, TensorBoard } from '@dl/callbacks/node';
import { TinyModel, fit, makeData } from './test-helpers/train.mjs';

const root = mkdtempSync(path.join(tmpdir(), 'dl-callbacks-fit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('callbacks in a training loop', () => {
  it('TerminateOnNaN stops after the first batch whose loss is NaN (NaN through the labels)', async () => {
    const { x, y } = makeData(32, 4);
    const nanY = concat([slice(y, [0, 0], [24, 1]), fill([8, 1], Number.NaN)]);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const model = new TinyModel();
    const h = new History();
    // No shuffle: batches 0-2 are finite, batch 3 holds the NaN labels.
    await fit(model, x, nanY, { epochs: 5, batchSize: 8, shuffle: false, callbacks: [h, new TerminateOnNaN()] });
    expect(h.epoch).toEqual([0]);
    expect(Number.isNaN(h.history['loss']![0])).toBe(true);
    expect(model.optimizer.iterations).toBe(4);
    expect(log.mock.calls[0]![0]).toBe('Batch 3: invalid loss NaN, terminating training');
    log.mockRestore();
  });

  it('TerminateOnNaN({ raiseError }) throws a DLError and skips onTrainEnd, so the backup stays', async () => {
    const { x, y } = makeData(32, 4);
    const nanY = concat([y, fill([8, 1], Number.NaN)]);
    const xs = concat([x, tensor2d(Array.from({ length: 8 }, () => [1, 1, 1, 1]))]);
    const dir = path.join(root, 'nan-backup');
    const model = new TinyModel();
    const err = await fit(model, xs, nanY, {
      epochs: 3, batchSize: 8, shuffle: false,
      callbacks: [new TerminateOnNaN({ raiseError: true }), new BackupAndRestore({ backupDir: dir, saveFreq: 2 })],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DLError);
    expect((err as DLError).message).toBe('Invalid loss at batch 4: expected a finite number, received NaN. Training terminated (TerminateOnNaN).');
    expect(existsSync(path.join(dir, BACKUP_FILE))).toBe(true);
  });

  it('a fit with every tensor-holding callback leaks no tensor', async () => {
    const { x, y } = makeData(32, 5);
    const model = new TinyModel();
    const callbacks = () => [
      new History(),
      new ProgbarLogger({ write: () => undefined, isTTY: true }),
      new EarlyStopping({ monitor: 'loss', patience: 1, restoreBestWeights: true }),
      new ReduceLROnPlateau({ monitor: 'loss', patience: 1 }),
      new ModelCheckpoint({ filepath: 'ck-{epoch}-{loss:.3f}', saveBestOnly: true, monitor: 'loss' }),
      new TensorBoard({ logDir: path.join(root, 'tb'), histogramFreq: 1, updateFreq: 'batch' }),
      new BackupAndRestore({ backupDir: path.join(root, 'leak-backup'), saveFreq: 2 }),
      new LambdaCallback({ onTrainBatchEnd: () => undefined }),
    ];
    await fit(model, x, y, { epochs: 2, batchSize: 8, callbacks: callbacks() }); // warm-up: builds the optimizer
    const before = memory().numTensors;
    await fit(model, x, y, { epochs: 3, batchSize: 8, callbacks: callbacks() });
    expect(memory().numTensors).toBe(before);
    expect(model.saves.length).toBeGreaterThan(0);
  });
});
