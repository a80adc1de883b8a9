// The child process of the SIGKILL tests: trains TinyModel with BackupAndRestore (and a
// CSVLogger, an EarlyStopping whose state must survive), optionally hanging forever at a
// given (epoch, batch) after printing "hang", so the parent can SIGKILL it there.
// Usage: node child.mjs <workDir> <saveFreq> [hangEpoch:hangBatch]
// Writes <workDir>/result.json at the end.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { EarlyStopping, LambdaCallback } from '@dl/callbacks';
import { BackupAndRestore, CSVLogger } from '@dl/callbacks/node';
import { TinyModel, fit, makeData, snapshot } from './train.mjs';

const [workDir, saveFreq, hang] = process.argv.slice(2);
const [hangEpoch, hangBatch] = hang ? hang.split(':').map(Number) : [-1, -1];
const { x, y } = makeData(64, 7);
const model = new TinyModel({ seed: 3 });
const stop = new EarlyStopping({ monitor: 'loss', patience: 100 });
let epoch = 0;
const callbacks = [
  new CSVLogger({ filename: path.join(workDir, 'log.csv') }),
  stop,
  new BackupAndRestore({ backupDir: path.join(workDir, 'backup'), saveFreq: Number(saveFreq) }),
  new LambdaCallback({
    onEpochBegin: (e) => { epoch = e; },
    onTrainBatchEnd: (b) => {
      if (epoch === hangEpoch && b === hangBatch) {
        process.stdout.write('hang\n');
        return new Promise(() => { setInterval(() => {}, 1000); });
      }
    },
    batchLogs: false,
  }),
];
const history = await fit(model, x, y, { epochs: 5, batchSize: 8, callbacks });
const snap = await snapshot(model);
writeFileSync(path.join(workDir, 'result.json'), JSON.stringify({ ...snap, history, early: stop.getState() }));
process.stdout.write('done\n');
