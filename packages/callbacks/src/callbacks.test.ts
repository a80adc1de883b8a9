// The Keras semantics of the callbacks that need no files. The expected sequences are the
// ones Keras 3's own tests assert (keras/src/callbacks/*_test.py, cited per test), or traced
// by hand from Keras 3's source where Keras has no test; the model is a plain object
// implementing CallbackModel (a structural interface, not a mock of a tensor or a file).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, DLError, dispose, memory, scalar, type Tensor } from '@dl/tensor';
import {
  CallbackList, EarlyStopping, History, LambdaCallback, LearningRateScheduler, ModelCheckpoint, ProgbarLogger,
  ReduceLROnPlateau, TerminateOnNaN, type CallbackModel, type Logs,
} from '@dl/callbacks';

/** A model whose one weight is a scalar set to the epoch number (Keras' DummyModel in early_stopping_test). */
function epochModel(): CallbackModel & { weight: Tensor; setEpoch(e: number): void; saved: string[] } {
  const m = {
    stopTraining: false,
    weight: scalar(-1) as Tensor,
    saved: [] as string[],
    optimizer: { learningRate: 0.1 },
    getWeights() { return [m.weight.clone()]; },
    setWeights(ws: Tensor[]) { dispose(m.weight); m.weight = ws[0]!.clone(); },
    setEpoch(e: number) { dispose(m.weight); m.weight = scalar(e); },
    async save(path: string) { m.saved.push(path); },
    async saveWeights(path: string) { m.saved.push(`weights:${path}`); },
  };
  return m;
}

/** Runs `cb` over a sequence of epoch logs, as a loop would; returns the epochs that ran. */
async function runEpochs(list: CallbackList, model: CallbackModel & { setEpoch?(e: number): void }, logs: Logs[]): Promise<number> {
  await list.onTrainBegin();
  let ran = 0;
  for (let epoch = 0; epoch < logs.length; epoch++) {
    ran++;
    model.setEpoch?.(epoch);
    await list.onEpochBegin(epoch);
    await list.onEpochEnd(epoch, { ...logs[epoch] });
    if (model.stopTraining) break;
  }
  await list.onTrainEnd();
  return ran;
}

const asLoss = (xs: number[], key = 'loss') => xs.map((v) => ({ [key]: v }));

afterEach(() => vi.restoreAllMocks());

describe('History', () => {
  it('records every epoch, lining up keys that appear late with NaN', async () => {
    const h = new History();
    const model = epochModel();
    await runEpochs(new CallbackList([h], { model, params: { epochs: 3, steps: 1 } }), model, [{ loss: 1 }, { loss: 0.5, acc: 0.7 }, { loss: 0.25, acc: 0.8 }]);
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(h.history['loss']).toEqual([1, 0.5, 0.25]);
    expect(h.history['acc']).toEqual([NaN, 0.7, 0.8]);
  });
});

describe('EarlyStopping', () => {
  it('stops at epoch max(patience, 1) + 2 on Keras\' sequence (early_stopping_test::test_early_stopping_patience)', async () => {
    const losses = [10.0, 9.0, 8.0, 9.0, 8.9, 8.8, 8.7, 8.6, 8.5];
    for (const patience of [0, 1, 2, 3]) {
      const stop = new EarlyStopping({ monitor: 'loss', patience });
      const model = epochModel();
      await runEpochs(new CallbackList([stop], { model, params: { epochs: 9, steps: 1 } }), model, asLoss(losses));
      expect(stop.stoppedEpoch).toBe(Math.max(patience, 1) + 2);
    }
  });

  it('restores the best epoch\'s weights, also when no epoch beats the baseline (test_early_stopping_final_weights_when_restoring_model_weights)', async () => {
    const a = new EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const m1 = epochModel();
    await runEpochs(new CallbackList([a], { model: m1, params: { epochs: 5, steps: 1 } }), m1, asLoss([0.2, 0.15, 0.1, 0.11, 0.12], 'val_loss'));
    expect(m1.weight.dataSync()[0]).toBe(2);

    const b = new EarlyStopping({ monitor: 'val_loss', patience: 5, baseline: 0.5, restoreBestWeights: true });
    const m2 = epochModel();
    const ran = await runEpochs(new CallbackList([b], { model: m2, params: { epochs: 6, steps: 1 } }), m2, asLoss([0.9, 0.8, 0.7, 0.71, 0.72, 0.73], 'val_loss'));
    expect(ran).toBe(5);
    expect(m2.weight.dataSync()[0]).toBe(2);
  });

  it('restores the best weights even when patience never ran out (keras#12511), and leaks no tensor', async () => {
    const before = memory().numTensors;
    const stop = new EarlyStopping({ monitor: 'loss', patience: 10, restoreBestWeights: true });
    const model = epochModel();
    const ran = await runEpochs(new CallbackList([stop], { model, params: { epochs: 4, steps: 1 } }), model, asLoss([3, 1, 2, 2.5]));
    expect(ran).toBe(4);
    expect(model.weight.dataSync()[0]).toBe(1);
    expect(memory().numTensors).toBe(before + 1); // the model's own weight only
  });

  it('ignores epochs before startFromEpoch, honours minDelta, mode auto (max for accuracy) and NaN', async () => {
    const warm = new EarlyStopping({ monitor: 'loss', patience: 1, startFromEpoch: 3 });
    const m = epochModel();
    // Worse and worse, but nothing counts before epoch 3: best = 5 at epoch 3, stop at epoch 4.
    await runEpochs(new CallbackList([warm], { model: m, params: { epochs: 6, steps: 1 } }), m, asLoss([1, 2, 3, 5, 6, 7]));
    expect(warm.stoppedEpoch).toBe(4);

    const delta = new EarlyStopping({ monitor: 'loss', patience: 1, minDelta: 0.5 });
    const m2 = epochModel();
    // 10 -> 9.6 is an improvement of 0.4 < minDelta: wait 1 >= patience at epoch 1.
    await runEpochs(new CallbackList([delta], { model: m2, params: { epochs: 3, steps: 1 } }), m2, asLoss([10, 9.6, 9]));
    expect(delta.stoppedEpoch).toBe(1);

    const acc = new EarlyStopping({ monitor: 'val_accuracy', patience: 1 });
    const m3 = epochModel();
    await runEpochs(new CallbackList([acc], { model: m3, params: { epochs: 4, steps: 1 } }), m3, asLoss([0.5, 0.6, 0.7, 0.65], 'val_accuracy'));
    expect(acc.best).toBe(0.7);
    expect(acc.stoppedEpoch).toBe(3);

    const nan = new EarlyStopping({ monitor: 'loss', patience: 5 });
    const m4 = epochModel();
    await runEpochs(new CallbackList([nan], { model: m4, params: { epochs: 3, steps: 1 } }), m4, asLoss([NaN, 2, 1]));
    expect(nan.best).toBe(1);
  });

  it('warns once, with the available keys, about an unknown monitor (as Keras), and never stops', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stop = new EarlyStopping({ monitor: 'val_los', patience: 0 });
    const model = epochModel();
    const ran = await runEpochs(new CallbackList([stop], { model, params: { epochs: 3, steps: 1 } }), model, [
      { loss: 1, val_loss: 1 }, { loss: 2, val_loss: 2 }, { loss: 3, val_loss: 3 },
    ]);
    expect(ran).toBe(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/`val_los` which is not available\. Available metrics are: loss,val_loss/);
  });

  it('keeps a restored state through onTrainBegin (getState / setState)', async () => {
    const a = new EarlyStopping({ monitor: 'loss', patience: 2 });
    const m = epochModel();
    await runEpochs(new CallbackList([a], { model: m, params: { epochs: 2, steps: 1 } }), m, asLoss([1, 2]));
    const saved = JSON.parse(JSON.stringify(a.getState()));
    expect(saved).toEqual({ best: 1, wait: 1, bestEpoch: 0 });
    const b = new EarlyStopping({ monitor: 'loss', patience: 2 });
    b.setState(saved);
    const m2 = epochModel();
    const list = new CallbackList([b], { model: m2, params: { epochs: 4, steps: 1 } });
    await list.onTrainBegin();
    await list.onEpochEnd(2, { loss: 3 });
    expect(m2.stopTraining).toBe(true); // wait 2 >= patience, as the uninterrupted run
  });

  it('rejects bad arguments with a ConfigError naming them', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/Invalid `patience` for EarlyStopping: expected an integer >= 0, received -1/);
    expect(() => new EarlyStopping({ mode: 'up' as 'min' })).toThrow(ConfigError);
  });
});

describe('ModelCheckpoint', () => {
  it('formats the file name like Python\'s str.format (outputs of Python 3)', async () => {
    const model = epochModel();
    const ck = new ModelCheckpoint({ filepath: 'ck/{epoch:02d}-{val_loss:.4f}-{x:.3e}-{y:g}-{z:5d}-{w:.2%}-{v:08.3f}-{u:e}-{t}-{{lit}}' });
    const list = new CallbackList([ck], { model, params: { epochs: 3, steps: 1 } });
    await list.onTrainBegin();
    await list.onEpochEnd(2, { val_loss: 0.123456, x: 12345.678, y: 0.0001, z: 7, w: 0.5, v: -3.14159, u: 0.000123, t: 0.25 });
    expect(model.saved).toEqual(['ck/03-0.1235-1.235e+04-0.0001-    7-50.00%--003.142-1.230000e-04-0.25-{lit}']);
  });

  it('saveBestOnly on [NaN, 0.5, 0.7, 0.4] (mode min) saves at epochs 2 and 4 only; Keras would never save after the NaN', async () => {
    const model = epochModel();
    const ck = new ModelCheckpoint({ filepath: 'best-{epoch}', monitor: 'val_loss', saveBestOnly: true });
    await runEpochs(new CallbackList([ck], { model, params: { epochs: 4, steps: 1 } }), model, asLoss([NaN, 0.5, 0.7, 0.4], 'val_loss'));
    expect(model.saved).toEqual(['best-2', 'best-4']);
  });

  it('initialValueThreshold, mode max, saveWeightsOnly, and the best value surviving a resume (keras#17012)', async () => {
    const model = epochModel();
    const ck = new ModelCheckpoint({ filepath: 'w{epoch}', monitor: 'acc', mode: 'max', saveBestOnly: true, saveWeightsOnly: true, initialValueThreshold: 0.6 });
    await runEpochs(new CallbackList([ck], { model, params: { epochs: 3, steps: 1 } }), model, asLoss([0.5, 0.7, 0.65], 'acc'));
    expect(model.saved).toEqual(['weights:w2']);
    const resumed = new ModelCheckpoint({ filepath: 'w{epoch}', monitor: 'acc', mode: 'max', saveBestOnly: true, saveWeightsOnly: true, initialValueThreshold: 0.6 });
    resumed.setState(JSON.parse(JSON.stringify(ck.getState())));
    const m2 = epochModel();
    const list = new CallbackList([resumed], { model: m2, params: { epochs: 5, steps: 1 } });
    await list.onTrainBegin();
    await list.onEpochEnd(3, { acc: 0.68 }); // worse than 0.7: no save
    await list.onEpochEnd(4, { acc: 0.71 });
    expect(m2.saved).toEqual(['weights:w5']);
  });

  it('saveFreq N saves every N batches across epochs, with {batch}, asking for those batches\' logs only', async () => {
    const model = epochModel();
    const ck = new ModelCheckpoint({ filepath: 'b-{epoch}-{batch}-{loss:.1f}', saveFreq: 3 });
    const list = new CallbackList([ck], { model, params: { epochs: 2, steps: 4 } });
    await list.onTrainBegin();
    const asked: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      await list.onEpochBegin(epoch);
      for (let b = 0; b < 4; b++) {
        const want = list.wantsBatchLogs(b);
        if (want) asked.push(epoch * 4 + b);
        await list.onTrainBatchEnd(b, want ? { loss: b + 0.5 } : undefined);
      }
      await list.onEpochEnd(epoch, { loss: 1 });
    }
    expect(asked).toEqual([2, 5]);
    expect(model.saved).toEqual(['b-1-3-2.5', 'b-2-2-1.5']);
  });

  it('rejects a malformed template at once, and an unknown key before training starts', async () => {
    expect(() => new ModelCheckpoint({ filepath: 'ck/{epoch:02q}' })).toThrow(/Invalid `filepath` for ModelCheckpoint: expected fields like/);
    expect(() => new ModelCheckpoint({ filepath: 'ck/}' })).toThrow(ConfigError);
    expect(() => new ModelCheckpoint({ filepath: 'ck', saveFreq: 0 })).toThrow(/`saveFreq`/);
    const model = epochModel();
    const ck = new ModelCheckpoint({ filepath: 'ck/{epoch}-{val_acc:.2f}' });
    const list = new CallbackList([ck], { model, params: { epochs: 1, steps: 1, metrics: ['loss', 'accuracy', 'val_loss', 'val_accuracy'] } });
    expect(() => list.onTrainBegin()).toThrow(
      'Invalid `filepath` for ModelCheckpoint: the template "ck/{epoch}-{val_acc:.2f}" names {val_acc}, which the logs will not hold; available keys are: epoch, loss, accuracy, val_loss, val_accuracy.',
    );
    const bare = { stopTraining: false, getWeights: () => [], setWeights: () => undefined };
    expect(() => new CallbackList([new ModelCheckpoint({ filepath: 'x' })], { model: bare, params: { epochs: 1, steps: 1 } }).onTrainBegin())
      .toThrow(/expected a model with a `save\(path\)` method/);
  });
});

describe('learning rate callbacks', () => {
  it('LearningRateScheduler sets schedule(epoch, lr) at each epoch begin and logs learning_rate', async () => {
    const model = epochModel();
    const seen: number[] = [];
    const sched = new LearningRateScheduler({ schedule: (epoch, lr) => (epoch < 2 ? lr : lr * 0.5) });
    const spy = new LambdaCallback({ onEpochEnd: (_e, logs) => { seen.push(logs!['learning_rate']!); } });
    await runEpochs(new CallbackList([sched, spy], { model, params: { epochs: 4, steps: 1 } }), model, asLoss([1, 1, 1, 1]));
    expect(seen).toEqual([0.1, 0.1, 0.05, 0.025]);
    const bad = new LearningRateScheduler({ schedule: () => Number.NaN });
    await expect(runEpochs(new CallbackList([bad], { model, params: { epochs: 1, steps: 1 } }), model, asLoss([1])))
      .rejects.toThrow(/expected a finite number >= 0, received NaN/);
    const noOpt = { stopTraining: false, getWeights: () => [], setWeights: () => undefined };
    expect(() => new CallbackList([new LearningRateScheduler({ schedule: (_e, lr) => lr })], { model: noOpt, params: { epochs: 1, steps: 1 } }).onTrainBegin())
      .toThrow(/expected a compiled model whose optimizer has a numeric `learningRate`/);
  });

  it('ReduceLROnPlateau: cooldown (reduce_lr_on_plateau_test::test_cooldown gives 0.001 after 4 epochs from 0.1)', async () => {
    const model = epochModel();
    const cb = new ReduceLROnPlateau({ patience: 1, factor: 0.1, monitor: 'val_loss', minDelta: 100, cooldown: 2 });
    await runEpochs(new CallbackList([cb], { model, params: { epochs: 4, steps: 1 } }), model, asLoss([1, 1, 1, 1], 'val_loss'));
    expect(model.optimizer!.learningRate).toBeCloseTo(0.001, 12);
  });

  it('ReduceLROnPlateau honours minLr (test_honors_min_lr) and patience, and keeps its state across a resume', async () => {
    const model = epochModel();
    const cb = new ReduceLROnPlateau({ patience: 1, factor: 0.1, monitor: 'val_loss', minDelta: 10, minLr: 0.005 });
    await runEpochs(new CallbackList([cb], { model, params: { epochs: 4, steps: 1 } }), model, asLoss([1, 1, 1, 1], 'val_loss'));
    expect(model.optimizer!.learningRate).toBe(0.005);

    const m2 = epochModel();
    const p = new ReduceLROnPlateau({ patience: 2, factor: 0.5, monitor: 'loss' });
    await runEpochs(new CallbackList([p], { model: m2, params: { epochs: 2, steps: 1 } }), m2, asLoss([1, 1]));
    expect(m2.optimizer!.learningRate).toBe(0.1);
    const q = new ReduceLROnPlateau({ patience: 2, factor: 0.5, monitor: 'loss' });
    q.setState(JSON.parse(JSON.stringify(p.getState())));
    const list = new CallbackList([q], { model: m2, params: { epochs: 3, steps: 1 } });
    await list.onTrainBegin();
    await list.onEpochEnd(2, { loss: 1 });
    expect(m2.optimizer!.learningRate).toBe(0.05);
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/expected a number in \(0, 1\), received 1/);
  });
});

describe('TerminateOnNaN', () => {
  it('stops on a NaN batch loss, or throws a DLError with raiseError', async () => {
    const model = epochModel();
    const list = new CallbackList([new TerminateOnNaN()], { model, params: { epochs: 1, steps: 3 } });
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(list.wantsBatchLogs(0)).toBe(true);
    list.onTrainBatchEnd(0, { loss: 1 });
    expect(model.stopTraining).toBe(false);
    list.onTrainBatchEnd(1, { loss: Infinity });
    expect(model.stopTraining).toBe(true);
    const raising = new CallbackList([new TerminateOnNaN({ raiseError: true })], { model, params: { epochs: 1, steps: 3 } });
    let err: unknown;
    try { raising.onTrainBatchEnd(2, { loss: NaN }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DLError);
    expect((err as DLError).code).toBe('nan');
    const perEpoch = new CallbackList([new TerminateOnNaN({ frequency: 'epoch' })], { model, params: { epochs: 1, steps: 3 } });
    expect(perEpoch.wantsBatchLogs(0)).toBe(false);
  });
});

describe('ProgbarLogger', () => {
  it('draws a throttled bar with the ETA, asking for logs only when the interval has passed or at the last batch', async () => {
    let t = 0;
    const out: string[] = [];
    const bar = new ProgbarLogger({ write: (s) => out.push(s), isTTY: true, now: () => t, intervalMs: 50, width: 10 });
    const list = new CallbackList([bar], { params: { epochs: 1, steps: 10 } });
    list.onEpochBegin(0);
    const asked: number[] = [];
    for (let b = 0; b < 10; b++) {
      t += 20; // 20 ms a batch
      const want = list.wantsBatchLogs(b);
      if (want) asked.push(b);
      list.onTrainBatchEnd(b, want ? { loss: 1 / (b + 1) } : undefined);
    }
    list.onEpochEnd(0, { loss: 0.1, val_loss: 0.2 });
    expect(asked).toEqual([2, 5, 8, 9]);
    expect(out[0]).toBe('Epoch 1/1\n');
    expect(out[1]).toBe('\r 3/10 [==>.......] - ETA: 0s - loss: 0.3333');
    expect(out[4]).toBe('\r10/10 [==========] - ETA: 0s - loss: 0.1000');
    expect(out[5]).toBe('\r10/10 - 0s 20ms/step - loss: 0.1000 - val_loss: 0.2000\n');
  });

  it('with verbose 2 (or no terminal) writes one line per epoch and reads no batch logs', () => {
    const out: string[] = [];
    let t = 0;
    const bar = new ProgbarLogger({ verbose: 2, write: (s) => out.push(s), isTTY: true, now: () => (t += 1000) });
    const list = new CallbackList([bar], { params: { epochs: 2, steps: 5 } });
    list.onEpochBegin(0);
    expect([0, 1, 2, 3, 4].some((b) => list.wantsBatchLogs(b))).toBe(false);
    list.onEpochEnd(0, { loss: 0.00001234 });
    expect(out).toEqual(['Epoch 1/2\n', '5/5 - 1s 200ms/step - loss: 1.2340e-5\n']);
  });
});

describe('LambdaCallback', () => {
  it('installs only the hooks given; batch logs by default only with a train batch hook', async () => {
    const calls: string[] = [];
    const epochOnly = new LambdaCallback({ onTrainBegin: () => { calls.push('begin'); }, onEpochEnd: async (e) => { calls.push(`epoch ${e}`); } });
    const list = new CallbackList([epochOnly, new History()]);
    expect(list.hasBatchHooks).toBe(false);
    expect(list.wantsBatchLogs(0)).toBe(false);
    expect(list.onTrainBegin()).toBeUndefined();
    const p = list.onEpochEnd(0, {});
    expect(p).toBeInstanceOf(Promise);
    await p;
    expect(calls).toEqual(['begin', 'epoch 0']);
    const withBatch = new CallbackList([new LambdaCallback({ onTrainBatchEnd: () => undefined })]);
    expect(withBatch.hasTrainBatchHooks).toBe(true);
    expect(withBatch.wantsBatchLogs(3)).toBe(true);
    const every2 = new CallbackList([new LambdaCallback({ onTestBatchEnd: () => undefined, batchLogs: (b) => b % 2 === 0 })]);
    expect([every2.hasTestBatchHooks, every2.hasTrainBatchHooks, every2.wantsBatchLogs(1), every2.wantsBatchLogs(2)]).toEqual([true, false, false, true]);
    expect(() => new LambdaCallback({ onEpochEnd: 3 } as never)).toThrow(/Invalid `onEpochEnd` for LambdaCallback: expected a function/);
    expect(() => new LambdaCallback({ onBatchEnd: () => undefined } as never)).toThrow(/Invalid option `onBatchEnd`/);
  });
});

describe('CallbackList', () => {
  it('dispatches every hook in order, awaiting a promise before the next callback', async () => {
    const order: string[] = [];
    const hooks = ['onTrainBegin', 'onTrainEnd', 'onTestBegin', 'onTestEnd', 'onPredictBegin', 'onPredictEnd'] as const;
    const batchHooks = ['onEpochBegin', 'onEpochEnd', 'onTrainBatchBegin', 'onTrainBatchEnd', 'onTestBatchBegin', 'onTestBatchEnd', 'onPredictBatchBegin', 'onPredictBatchEnd'] as const;
    const mk = (tag: string, slow: boolean) => new LambdaCallback(Object.fromEntries([...hooks, ...batchHooks].map((h) => [h, slow
      ? async () => { await new Promise((r) => setTimeout(r, 1)); order.push(`${tag}.${h}`); }
      : () => { order.push(`${tag}.${h}`); }])));
    const list = new CallbackList([mk('a', true), mk('b', false)]);
    for (const h of hooks) await list[h]();
    for (const h of batchHooks) await list[h](0);
    const all = [...hooks, ...batchHooks];
    expect(order).toEqual(all.flatMap((h) => [`a.${h}`, `b.${h}`]));
  });
});
