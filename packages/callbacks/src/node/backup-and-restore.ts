import { mkdir, readFile, readdir, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ConfigError, FormatError, describeValue, dispose, getRandomState, setRandomState, type RandomState, type Tensor,
} from '@dl/tensor';
import { Callback, isStateful, type JsonValue } from '../callback';
import { writeFileAtomic } from '@dl/io/node';
import { removeStaleTemps } from './atomic';
import { decodeTensors, encodeTensors } from './tensor-file';

/** The backup's file name inside `backupDir`. */
export const BACKUP_FILE = 'backup.safetensors';

/**
 * Options of {@link BackupAndRestore}.
 *
 * @example
 * ```ts
 * new BackupAndRestore({ backupDir: 'run/backup', saveFreq: 100 });
 * ```
 */
export interface BackupAndRestoreOptions {
  /** The directory of the backup (created if missing; must be writable). */
  backupDir: string;
  /** `'epoch'`: back up at each epoch end; a number N: every N batches (counted across epochs). Default `'epoch'`. */
  saveFreq?: 'epoch' | number;
  /** Delete the backup when training ends normally. Default true. */
  deleteCheckpoint?: boolean;
}

/** What the backup's `__metadata__.dl_backup` holds (JSON). */
interface BackupState {
  format: 'dl-backup';
  version: 1;
  epoch: number;
  batch: number;
  batchesSinceSave: number;
  random: { current: RandomState; epochBegin?: RandomState };
  weights: number;
  metrics: number | null;
  optimizer: { iterations: number; learningRate?: number; slots: string[] } | null;
  callbacks: Record<string, JsonValue>;
}

/**
 * Keras' `BackupAndRestore`, exact: backs up the training state so that a
 * run killed at any point (even SIGKILL mid-epoch) resumes where it was and
 * ends with the same weights, bit for bit on cpu, as a run never interrupted.
 *
 * The backup is one safetensors file, `<backupDir>/backup.safetensors`,
 * written atomically with `@dl/io`'s `writeFileAtomic` (temp file, fsync,
 * rename, directory fsync), holding:
 * the model's weights, the optimizer's slots, iteration count and learning
 * rate, the metrics' running state (when the model exposes it), the position
 * (epoch, batches done in it), `@dl/tensor`'s random stream (as of the epoch's
 * begin and as of the backup) and every other callback's `getState()` (the
 * best value of EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, ...).
 * Keras reruns the interrupted epoch from its start and forgets the random
 * stream and the callbacks' state.
 *
 * In `onTrainBegin` (before the other callbacks' `onTrainBegin`) it checks
 * that `backupDir` is writable, removes temp files a killed write left, and,
 * when a backup exists, restores it and sets `model.resumeFrom` and, for a
 * mid-epoch backup, `model.resumeRandomState`, which the training loop
 * applies as {@link CallbackModel} describes. At the end of training the
 * backup is deleted (unless `deleteCheckpoint: false`); after an error it
 * stays, for the next run.
 *
 * Node only (it writes files): import it from `@dl/callbacks/node`.
 *
 * @example
 * ```ts
 * import { BackupAndRestore } from '@dl/callbacks/node';
 * await model.fit(x, y, { epochs: 10, callbacks: [new BackupAndRestore({ backupDir: 'backup', saveFreq: 50 })] });
 * ```
 * @throws ConfigError (before training) when `backupDir` cannot be created
 * or written; FormatError when the backup is malformed or does not match the
 * model (weights count or shapes, epoch out of range).
 */
export class BackupAndRestore extends Callback {
  override readonly name: string = 'BackupAndRestore';
  /** Runs first in `onTrainBegin` and last in `onEpochEnd` / `onTrainBatchEnd` (see CallbackList). */
  readonly restoresState = true;
  readonly backupDir: string;
  readonly saveFreq: 'epoch' | number;
  readonly deleteCheckpoint: boolean;
  private peers: readonly Callback[] = [];
  private epoch = 0;
  private epochBegin: RandomState | null = null;
  private resumed: { epoch: number; epochBegin: RandomState } | null = null;
  private batchesSinceSave = 0;

  constructor(options: BackupAndRestoreOptions) {
    super();
    const cls = 'BackupAndRestore';
    if (typeof options?.backupDir !== 'string' || options.backupDir.length === 0) {
      throw new ConfigError(`Invalid \`backupDir\` for ${cls}: expected a non-empty path, received ${describeValue(options?.backupDir)}.`);
    }
    this.backupDir = options.backupDir;
    const freq = options.saveFreq ?? 'epoch';
    if (freq !== 'epoch' && !(Number.isSafeInteger(freq) && freq > 0)) {
      throw new ConfigError(`Invalid \`saveFreq\` for ${cls}: expected "epoch" or a positive integer, received ${describeValue(freq)}.`);
    }
    this.saveFreq = freq;
    this.deleteCheckpoint = options.deleteCheckpoint ?? true;
  }

  /** The backup file's path. */
  get file(): string {
    return path.join(this.backupDir, BACKUP_FILE);
  }

  override setCallbacks(callbacks: readonly Callback[]): void {
    this.peers = callbacks.filter((cb) => cb !== this);
  }

  /** The other callbacks, keyed by name (`name#2` for a second one of the same name). */
  private keyed(): [string, Callback][] {
    const seen = new Map<string, number>();
    return this.peers.map((cb) => {
      const k = seen.get(cb.name) ?? 0;
      seen.set(cb.name, k + 1);
      return [k === 0 ? cb.name : `${cb.name}#${k + 1}`, cb];
    });
  }

  override async onTrainBegin(): Promise<void> {
    await this.prepareDir();
    this.batchesSinceSave = 0;
    this.resumed = null;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    await this.restore(bytes);
  }

  private async prepareDir(): Promise<void> {
    const probe = path.join(this.backupDir, `.write-probe-${process.pid}`);
    try {
      await mkdir(this.backupDir, { recursive: true });
      await writeFile(probe, '');
      await unlink(probe);
      await removeStaleTemps(this.backupDir, BACKUP_FILE);
    } catch (e) {
      throw new ConfigError(
        `Invalid \`backupDir\` for BackupAndRestore: expected a writable directory, received "${this.backupDir}" (${(e as Error).message}).`,
        { cause: e },
      );
    }
  }

  private async restore(bytes: Uint8Array): Promise<void> {
    const model = this.model!;
    const file = this.file;
    const fail = (what: string) => new FormatError(`Invalid backup file "${file}": ${what}.`);
    const { tensors, metadata } = decodeTensors(bytes, file);
    try {
      let state: BackupState;
      try {
        state = JSON.parse(metadata['dl_backup'] ?? 'null') as BackupState;
      } catch {
        throw fail('its metadata is not JSON');
      }
      if (state === null || state.format !== 'dl-backup' || state.version !== 1) throw fail('expected dl-backup version 1 metadata');
      const epochs = this.params.epochs;
      if (!Number.isSafeInteger(state.epoch) || state.epoch < 0 || (epochs > 0 && state.epoch > epochs)) {
        throw fail(`expected an epoch in [0, ${epochs}], received ${describeValue(state.epoch)}`);
      }
      const steps = this.params.steps;
      if (!Number.isSafeInteger(state.batch) || state.batch < 0 || (steps !== null && state.batch > steps)) {
        throw fail(`expected a batch in [0, ${steps ?? 'steps'}], received ${describeValue(state.batch)}`);
      }
      const get = (name: string): Tensor => {
        const t = tensors[name];
        if (t === undefined) throw fail(`tensor "${name}" is missing`);
        return t;
      };
      // Check the weights against the model before changing anything.
      const current = model.getWeights();
      try {
        if (current.length !== state.weights) throw fail(`expected ${current.length} weights for this model, received ${describeValue(state.weights)}`);
        current.forEach((w, i) => {
          const t = get(`weights/${i}`);
          if (t.shape.join(',') !== w.shape.join(',') || t.dtype !== w.dtype) {
            throw fail(`weight ${i} expected shape [${w.shape.join(',')}] ${w.dtype}, received [${t.shape.join(',')}] ${t.dtype}`);
          }
        });
      } finally {
        dispose(current);
      }
      const rsCheck = state.random?.current;
      if (rsCheck === undefined) throw fail('the random state is missing');
      model.setWeights(Array.from({ length: state.weights }, (_, i) => get(`weights/${i}`)));
      if (state.optimizer !== null) {
        const opt = model.optimizer;
        if (opt?.setState === undefined) throw fail('it holds an optimizer state, but the model has no optimizer with setState');
        const variables: Record<string, Tensor> = {};
        for (const s of state.optimizer.slots) variables[s] = get(`optimizer/${s}`);
        const os: { iterations: number; learningRate?: number; variables: Record<string, Tensor> } = { iterations: state.optimizer.iterations, variables };
        if (state.optimizer.learningRate !== undefined) os.learningRate = state.optimizer.learningRate;
        opt.setState(os);
      }
      if (state.metrics !== null && model.setMetricState !== undefined) {
        model.setMetricState(Array.from({ length: state.metrics }, (_, i) => get(`metrics/${i}`)));
      }
      for (const [key, cb] of this.keyed()) {
        const s = state.callbacks?.[key];
        if (s !== undefined) cb.setState(s);
      }
      this.batchesSinceSave = state.batchesSinceSave ?? 0;
      model.resumeFrom = { epoch: state.epoch, batch: state.batch };
      if (state.batch > 0) {
        if (state.random.epochBegin === undefined) throw fail('a mid-epoch backup lacks the epoch-begin random state');
        setRandomState(state.random.epochBegin); // validates it
        setRandomState(state.random.current);
        model.resumeRandomState = { epochBegin: state.random.epochBegin, current: state.random.current };
        this.resumed = { epoch: state.epoch, epochBegin: state.random.epochBegin };
      } else {
        setRandomState(state.random.current);
      }
    } finally {
      dispose(Object.values(tensors));
    }
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    if (this.resumed !== null && this.resumed.epoch === epoch) this.epochBegin = this.resumed.epochBegin;
    else this.epochBegin = getRandomState();
    this.resumed = null;
  }

  override onTrainBatchEnd(batch: number): void | Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.batchesSinceSave += 1;
    if (this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    return this.save(this.epoch, batch + 1);
  }

  override onEpochEnd(epoch: number): void | Promise<void> {
    if (this.saveFreq === 'epoch') return this.save(epoch + 1, 0);
  }

  override async onTrainEnd(): Promise<void> {
    if (!this.deleteCheckpoint) return;
    await unlink(this.file).catch(() => undefined);
    if ((await readdir(this.backupDir).catch(() => ['?'])).length === 0) await rmdir(this.backupDir).catch(() => undefined);
  }

  /** Writes the backup for position (`epoch`, `batch` batches done). */
  private async save(epoch: number, batch: number): Promise<void> {
    const model = this.model!;
    const tensors: Record<string, Tensor> = {};
    const owned: Tensor[] = [];
    try {
      const weights = model.getWeights();
      owned.push(...weights);
      weights.forEach((w, i) => (tensors[`weights/${i}`] = w));
      let optimizer: BackupState['optimizer'] = null;
      const os = model.optimizer?.getState?.();
      if (os !== undefined) {
        const slots = Object.keys(os.variables);
        for (const s of slots) {
          tensors[`optimizer/${s}`] = os.variables[s]!;
          owned.push(os.variables[s]!);
        }
        optimizer = { iterations: os.iterations, slots };
        if (os.learningRate !== undefined) optimizer.learningRate = os.learningRate;
      }
      let metrics: number | null = null;
      const ms = model.getMetricState?.();
      if (ms !== undefined) {
        owned.push(...ms);
        ms.forEach((m, i) => (tensors[`metrics/${i}`] = m));
        metrics = ms.length;
      }
      const callbacks: Record<string, JsonValue> = {};
      for (const [key, cb] of this.keyed()) if (isStateful(cb)) callbacks[key] = cb.getState();
      const random: BackupState['random'] = { current: getRandomState() };
      if (batch > 0 && this.epochBegin !== null) random.epochBegin = this.epochBegin;
      const state: BackupState = {
        format: 'dl-backup', version: 1, epoch, batch, batchesSinceSave: this.batchesSinceSave,
        random, weights: weights.length, metrics, optimizer, callbacks,
      };
      const bytes = await encodeTensors(tensors, { dl_backup: JSON.stringify(state) });
      await writeFileAtomic(this.file, bytes);
    } finally {
      dispose(owned);
    }
  }
}
