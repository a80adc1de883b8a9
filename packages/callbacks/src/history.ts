import { Callback, type Logs } from './callback';

/**
 * Keras' `History`: records every epoch's logs. `fit` returns it.
 *
 * `epoch` lists the epochs that ran (after a resume, from the resumed epoch
 * on); `history[key]` the values of each log key, one per epoch (NaN for an
 * epoch that lacked the key, so that every array lines up with `epoch`).
 *
 * @example
 * ```ts
 * const h = new History();
 * h.onTrainBegin();
 * h.onEpochEnd(0, { loss: 0.5 });
 * h.history.loss; // [0.5]
 * ```
 */
export class History extends Callback {
  override readonly name: string = 'History';
  /** The epochs that ran, 0-based. */
  epoch: number[] = [];
  /** Each log key's values, one per entry of `epoch`. */
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const n = this.epoch.length;
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) {
      const values = (this.history[k] ??= new Array<number>(n).fill(Number.NaN));
      values.push(v);
    }
    for (const values of Object.values(this.history)) if (values.length === n) values.push(Number.NaN);
  }
}
