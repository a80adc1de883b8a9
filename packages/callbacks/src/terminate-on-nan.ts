import { DLError } from '@dl/tensor';
import { Callback, type Logs } from './callback';

/**
 * Options of {@link TerminateOnNaN}.
 *
 * @example
 * ```ts
 * new TerminateOnNaN({ raiseError: true });
 * ```
 */
export interface TerminateOnNaNOptions {
  /** Throw a `DLError` (code `'nan'`) instead of stopping; `onTrainEnd` then does not run, so backups stay. Default false. */
  raiseError?: boolean;
  /** `'batch'` (Keras: reads the loss after every batch) or `'epoch'` (no per-batch read). Default `'batch'`. */
  frequency?: 'batch' | 'epoch';
}

/**
 * Keras' `TerminateOnNaN`: stops training when the loss is NaN or infinite.
 *
 * With `frequency: 'batch'` (Keras) it asks for every batch's logs, which
 * costs one device read per batch; `'epoch'` checks the epoch's loss only.
 *
 * @example
 * ```ts
 * const cb = new TerminateOnNaN();
 * ```
 * @throws DLError (code `'nan'`) with `raiseError` when the loss is NaN or infinite.
 */
export class TerminateOnNaN extends Callback {
  override readonly name: string = 'TerminateOnNaN';
  private readonly raiseError: boolean;
  private readonly perBatch: boolean;

  constructor(options: TerminateOnNaNOptions = {}) {
    super();
    this.raiseError = options.raiseError ?? false;
    this.perBatch = (options.frequency ?? 'batch') === 'batch';
  }

  override wantsBatchLogs(): boolean {
    return this.perBatch;
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    if (this.perBatch) this.check(logs, `batch ${batch}`);
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    this.check(logs, `epoch ${epoch + 1}`);
  }

  private check(logs: Logs | undefined, where: string): void {
    const loss = logs?.['loss'];
    if (loss === undefined || Number.isFinite(loss)) return;
    if (this.raiseError) {
      throw new DLError(`Invalid loss at ${where}: expected a finite number, received ${loss}. Training terminated (TerminateOnNaN).`, { code: 'nan' });
    }
    console.log(`${where[0]!.toUpperCase()}${where.slice(1)}: invalid loss ${loss}, terminating training`);
    this.model!.stopTraining = true;
  }
}
