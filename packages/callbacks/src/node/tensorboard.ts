import { open, mkdir, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, describeValue, dispose, read } from '@dl/tensor';
import { Callback, type Logs } from '../callback';
import { encodeEvent, encodeRecord, histogram, type SummaryValue } from '../tfevents';

/**
 * Options of {@link TensorBoard}, with Keras' defaults.
 *
 * @example
 * ```ts
 * new TensorBoard({ logDir: 'logs/run1', histogramFreq: 1, updateFreq: 'batch' });
 * ```
 */
export interface TensorBoardOptions {
  /** The log directory; events go to `<logDir>/train` and `<logDir>/validation`. Default `'logs'`. */
  logDir?: string;
  /** Write weight histograms every N epochs (0: never). Default 0. */
  histogramFreq?: number;
  /** `'epoch'`, `'batch'`, or N: also write batch scalars every N batches. Default `'epoch'`. */
  updateFreq?: 'epoch' | 'batch' | number;
}

let fileCounter = 0;

/** One event file, opened lazily; its first event is the file version. */
class EventWriter {
  private fh: FileHandle | null = null;

  constructor(private readonly dir: string) {}

  async write(step: number, values: SummaryValue[]): Promise<void> {
    if (this.fh === null) {
      await mkdir(this.dir, { recursive: true });
      const now = Date.now() / 1000;
      const name = `events.out.tfevents.${Math.floor(now)}.${os.hostname()}.${process.pid}.${fileCounter++}.v2`;
      this.fh = await open(path.join(this.dir, name), 'a');
      await this.fh.write(encodeRecord(encodeEvent({ wallTime: now, step: 0, fileVersion: 'brain.Event:2' })));
    }
    await this.fh.write(encodeRecord(encodeEvent({ wallTime: Date.now() / 1000, step, values })));
  }

  async close(): Promise<void> {
    if (this.fh !== null) await this.fh.close();
    this.fh = null;
  }
}

/**
 * Keras' `TensorBoard`: writes TensorBoard event files (TFRecord framing
 * with masked CRC32C, `Event` protos with `Summary` values), which
 * TensorBoard reads: epoch scalars (`epoch_loss`, `epoch_accuracy`, ... in
 * `train/`, the `val_` ones without the prefix in `validation/`), batch
 * scalars (`batch_loss`, ...) with `updateFreq`, and weight histograms
 * (`weight_0`, `weight_1`, ... in model order) every `histogramFreq` epochs.
 *
 * Batch scalars ask for batch logs only on the batches written. After a
 * resume the steps continue from the resumed position. Graphs, images,
 * embeddings and profiling are not written. Node only: `@dl/callbacks/node`.
 *
 * @example
 * ```ts
 * import { TensorBoard } from '@dl/callbacks/node';
 * const tb = new TensorBoard({ logDir: 'logs/run1', histogramFreq: 1 });
 * // then: tensorboard --logdir logs
 * ```
 * @throws ConfigError on a negative `histogramFreq` or an invalid `updateFreq`.
 */
export class TensorBoard extends Callback {
  override readonly name: string = 'TensorBoard';
  readonly logDir: string;
  readonly histogramFreq: number;
  private readonly every: number;
  private train: EventWriter | null = null;
  private validation: EventWriter | null = null;
  private step = 0;

  constructor(options: TensorBoardOptions = {}) {
    super();
    this.logDir = options.logDir ?? 'logs';
    this.histogramFreq = options.histogramFreq ?? 0;
    if (!Number.isSafeInteger(this.histogramFreq) || this.histogramFreq < 0) {
      throw new ConfigError(`Invalid \`histogramFreq\` for TensorBoard: expected an integer >= 0, received ${describeValue(options.histogramFreq)}.`);
    }
    const u = options.updateFreq ?? 'epoch';
    if (u !== 'epoch' && u !== 'batch' && !(Number.isSafeInteger(u) && u > 0)) {
      throw new ConfigError(`Invalid \`updateFreq\` for TensorBoard: expected "epoch", "batch" or a positive integer, received ${describeValue(u)}.`);
    }
    this.every = u === 'epoch' ? 0 : u === 'batch' ? 1 : u;
  }

  override onTrainBegin(): void {
    this.train = new EventWriter(path.join(this.logDir, 'train'));
    this.validation = new EventWriter(path.join(this.logDir, 'validation'));
    const r = this.model?.resumeFrom;
    this.step = r !== undefined && this.params.steps !== null ? r.epoch * this.params.steps + r.batch : 0;
  }

  override wantsBatchLogs(): boolean {
    return this.every > 0 && (this.step + 1) % this.every === 0;
  }

  override onTrainBatchEnd(_batch: number, logs?: Logs): void | Promise<void> {
    this.step += 1;
    if (this.every === 0 || logs === undefined || this.step % this.every !== 0) return;
    return this.train!.write(this.step, Object.entries(logs).map(([k, v]) => ({ tag: `batch_${k}`, simpleValue: v })));
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const train: SummaryValue[] = [], val: SummaryValue[] = [];
    for (const [k, v] of Object.entries(logs)) {
      if (k.startsWith('val_')) val.push({ tag: `epoch_${k.slice(4)}`, simpleValue: v });
      else train.push({ tag: `epoch_${k}`, simpleValue: v });
    }
    if (this.histogramFreq > 0 && epoch % this.histogramFreq === 0 && this.model !== undefined) {
      const weights = this.model.getWeights();
      try {
        for (let i = 0; i < weights.length; i++) train.push({ tag: `weight_${i}`, histogram: histogram(await read(weights[i]!)) });
      } finally {
        dispose(weights);
      }
    }
    if (train.length > 0) await this.train!.write(epoch, train);
    if (val.length > 0) await this.validation!.write(epoch, val);
  }

  override async onTrainEnd(): Promise<void> {
    await this.train?.close();
    await this.validation?.close();
  }
}
