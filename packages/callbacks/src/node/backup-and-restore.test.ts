// BackupAndRestore against the real thing: real child processes killed with SIGKILL, real
// files in a temp dir. The oracle is an uninterrupted run of the same script: the resumed
// run must end with the same weights, optimizer slots, iteration count, random stream,
// EarlyStopping state and CSV log, bit for bit (cpu backend).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, FormatError, memory } from '@dl/tensor';
import { EarlyStopping, LambdaCallback } from '@dl/callbacks';
import { BackupAndRestore, BACKUP_FILE } from '@dl/callbacks/node';
import { TinyModel, fit, makeData, snapshot } from '../test-helpers/train.mjs';

const helpers = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-helpers');
const root = mkdtempSync(path.join(tmpdir(), 'dl-callbacks-bar-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Child { code: number | null; signal: NodeJS.Signals | null; stdout: string }

/** Runs a helper script; `killOn(line)` true sends SIGKILL. */
function runChild(script: string, args: string[], killOn?: (line: string) => boolean): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(helpers, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (killOn !== undefined && stdout.split('\n').some(killOn)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`${script} exited with ${code}: ${stderr}`));
      else resolve({ code, signal, stdout });
    });
  });
}

const readResult = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) as {
  weights: number[][]; slots: Record<string, number[]>; iterations: number; random: unknown; early: unknown;
  history: { epoch: number; loss: number }[];
};

let reference: ReturnType<typeof readResult>;
let referenceCsv: string;

describe('BackupAndRestore across SIGKILL', () => {
  it('an uninterrupted run (the oracle) leaves no backup behind', async () => {
    const dir = path.join(root, 'reference');
    mkdirSync(dir);
    await runChild('child.mjs', [dir, '3']);
    reference = readResult(dir);
    referenceCsv = readFileSync(path.join(dir, 'log.csv'), 'utf8');
    expect(reference.iterations).toBe(40); // 5 epochs x 8 batches
    expect(reference.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3, 4]);
    expect(existsSync(path.join(dir, 'backup'))).toBe(false);
  });

  // (epoch, batch) where the child hangs and is killed, with backups every 3 batches (8 a epoch):
  // mid-epoch after a backup at batch 2 of epoch 2 (global batch 18 -> backup at 18), at the
  // epoch's last batch, and in epoch 1 right after a backup.
  it.each([['2:5'], ['3:7'], ['1:4']])('killed at %s mid-epoch, restarted, it ends bit for bit as the uninterrupted run', async (at) => {
    const dir = path.join(root, `kill-${at.replace(':', '-')}`);
    mkdirSync(dir);
    const killed = await runChild('child.mjs', [dir, '3', at], (l) => l === 'hang');
    expect(killed.signal).toBe('SIGKILL');
    const backup = readFileSync(path.join(dir, 'backup', BACKUP_FILE));
    const meta = JSON.parse(JSON.parse(backup.subarray(8, 8 + Number(backup.readBigUInt64LE(0))).toString()).__metadata__.dl_backup);
    expect(meta.batch).toBeGreaterThan(0); // a mid-epoch backup
    await runChild('child.mjs', [dir, '3']);
    const resumed = readResult(dir);
    expect(resumed.weights).toEqual(reference.weights);
    expect(resumed.slots).toEqual(reference.slots);
    expect(resumed.iterations).toBe(reference.iterations);
    expect(resumed.random).toEqual(reference.random);
    expect(resumed.early).toEqual(reference.early);
    const resumedEpoch = Number(at.split(':')[0]);
    expect(resumed.history).toEqual(reference.history.slice(meta.epoch)); // epoch logs exact, the resumed epoch's too
    expect(meta.epoch).toBe(resumedEpoch);
    expect(readFileSync(path.join(dir, 'log.csv'), 'utf8')).toBe(referenceCsv); // each epoch once
    expect(existsSync(path.join(dir, 'backup'))).toBe(false);
  });

  it('killed at an arbitrary point after its first mid-epoch backup, it still ends as the uninterrupted run', async () => {
    const dir = path.join(root, 'kill-anywhere');
    mkdirSync(dir);
    let first = true;
    const killed = await runChild('child.mjs', [dir, '1', '4:7'], (l) => {
      // kill as soon as a backup exists (no hang needed: anywhere after it is fine)
      if (first && existsSync(path.join(dir, 'backup', BACKUP_FILE))) { first = false; return true; }
      return l === 'hang';
    });
    if (killed.signal === 'SIGKILL') await runChild('child.mjs', [dir, '1']);
    expect(readResult(dir).weights).toEqual(reference.weights);
  });

  it('a kill during a backup write leaves the previous file whole (atomic write), and stale temp files are cleaned', async () => {
    const file = path.join(root, 'atomic', 'state.bin');
    mkdirSync(path.dirname(file));
    const killed = await runChild('atomic-child.mjs', [file], (l) => l === 'wrote 5');
    expect(killed.signal).toBe('SIGKILL');
    const bytes = readFileSync(file);
    expect(bytes.length).toBe(4 << 20);
    const v = bytes[0]!;
    expect(v).toBeGreaterThanOrEqual(5);
    expect(bytes.every((b) => b === v)).toBe(true); // one complete version, never a mix
    // A temp file a killed write left is removed by BackupAndRestore's start.
    const dir = path.join(root, 'stale');
    mkdirSync(path.join(dir, 'backup'), { recursive: true });
    writeFileSync(path.join(dir, 'backup', `.${BACKUP_FILE}.tmp-1-abc`), 'half');
    const { x, y } = makeData(16, 1);
    await fit(new TinyModel(), x, y, { epochs: 1, batchSize: 8, callbacks: [new BackupAndRestore({ backupDir: path.join(dir, 'backup'), deleteCheckpoint: false })] });
    expect(readdirSync(path.join(dir, 'backup'))).toEqual([BACKUP_FILE]);
  });
});

describe('BackupAndRestore in process', () => {
  it('an error mid-training keeps the backup; the next fit resumes from it with EarlyStopping\'s state; no tensor leaks', async () => {
    const dir = path.join(root, 'in-process');
    const { x, y } = makeData(32, 2);
    const model = new TinyModel({ seed: 5 });
    const boom = new LambdaCallback({ onEpochEnd: (e) => { if (e === 1) throw new Error('boom'); } });
    const stop = new EarlyStopping({ monitor: 'loss', patience: 50 });
    await expect(fit(model, x, y, { epochs: 4, batchSize: 8, callbacks: [stop, boom, new BackupAndRestore({ backupDir: dir })] })).rejects.toThrow('boom');
    // The backup of epoch 1 is written after the other callbacks' onEpochEnd, so it holds epoch 0 only.
    const before = memory().numTensors; // the model, its optimizer's slots (built by the first fit), the data
    const stop2 = new EarlyStopping({ monitor: 'loss', patience: 50 });
    const history = await fit(model, x, y, { epochs: 4, batchSize: 8, callbacks: [stop2, new BackupAndRestore({ backupDir: dir })] });
    expect(history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(stop2.bestEpoch).toBeGreaterThanOrEqual(0);
    expect(memory().numTensors).toBe(before);

    // The oracle: the same run without interruption.
    const ref = new TinyModel({ seed: 5 });
    const refStop = new EarlyStopping({ monitor: 'loss', patience: 50 });
    const refHistory = await fit(ref, x, y, { epochs: 4, batchSize: 8, callbacks: [refStop] });
    expect(history).toEqual(refHistory.slice(1));
    expect((await snapshot(model)).weights).toEqual((await snapshot(ref)).weights);
    expect(stop2.getState()).toEqual(refStop.getState());
  });

  it('raises a clear ConfigError before training when backupDir is not writable', async () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'x');
    const { x, y } = makeData(16, 1);
    const model = new TinyModel();
    const w0 = (await snapshot(model)).weights;
    const err = await fit(model, x, y, { epochs: 1, batchSize: 8, callbacks: [new BackupAndRestore({ backupDir: path.join(file, 'backup') })] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^Invalid `backupDir` for BackupAndRestore: expected a writable directory, received ".*a-file\/backup" \(ENOTDIR/);
    expect((await snapshot(model)).weights).toEqual(w0);
    expect(() => new BackupAndRestore({ backupDir: '' })).toThrow(ConfigError);
    expect(() => new BackupAndRestore({ backupDir: 'x', saveFreq: 1.5 })).toThrow(/`saveFreq`/);
  });

  it('rejects a tampered or truncated backup with a FormatError and changes nothing', async () => {
    const dir = path.join(root, 'tampered');
    const { x, y } = makeData(16, 1);
    await fit(new TinyModel(), x, y, { epochs: 1, batchSize: 8, callbacks: [new BackupAndRestore({ backupDir: dir, deleteCheckpoint: false })] });
    const good = readFileSync(path.join(dir, BACKUP_FILE));
    const n = Number(good.readBigUInt64LE(0));
    const header = JSON.parse(good.subarray(8, 8 + n).toString());
    const meta = JSON.parse(header.__metadata__.dl_backup);
    const rewrite = (m: object) => {
      header.__metadata__.dl_backup = JSON.stringify(m);
      let h = JSON.stringify(header);
      h += ' '.repeat((8 - (h.length % 8)) % 8);
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(h.length));
      writeFileSync(path.join(dir, BACKUP_FILE), Buffer.concat([len, Buffer.from(h), good.subarray(8 + n)]));
    };
    const model = new TinyModel();
    const w0 = (await snapshot(model)).weights;
    const attempt = () => fit(model, x, y, { epochs: 3, batchSize: 8, callbacks: [new BackupAndRestore({ backupDir: dir })] });
    rewrite({ ...meta, epoch: 7 });
    await expect(attempt()).rejects.toThrow(/Invalid backup file ".*": expected an epoch in \[0, 3\], received 7/);
    rewrite({ ...meta, epoch: 1.5 });
    await expect(attempt()).rejects.toThrow(FormatError);
    writeFileSync(path.join(dir, BACKUP_FILE), good.subarray(0, good.length - 10));
    await expect(attempt()).rejects.toThrow(/^Invalid safetensors file ".*backup\.safetensors": /);
    expect((await snapshot(model)).weights).toEqual(w0);
  });
});
