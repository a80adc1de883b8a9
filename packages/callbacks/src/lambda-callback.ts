import { ConfigError } from '@dl/tensor';
import { Callback, type Logs } from './callback';

type Hook0 = (logs?: Logs) => void | Promise<void>;
type Hook1 = (index: number, logs?: Logs) => void | Promise<void>;

/**
 * Options of {@link LambdaCallback}: any hook, as a function.
 *
 * @example
 * ```ts
 * new LambdaCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs) });
 * ```
 */
export interface LambdaCallbackOptions {
  /** Called at the start of training. */
  onTrainBegin?: Hook0;
  /** Called at the end of training. */
  onTrainEnd?: Hook0;
  /** Called at each epoch begin, with the epoch. */
  onEpochBegin?: Hook1;
  /** Called at each epoch end, with the epoch and its logs. */
  onEpochEnd?: Hook1;
  /** Called before each training batch. */
  onTrainBatchBegin?: Hook1;
  /** Called after each training batch (logs per `batchLogs`). */
  onTrainBatchEnd?: Hook1;
  /** Called at the start of evaluation. */
  onTestBegin?: Hook0;
  /** Called at the end of evaluation. */
  onTestEnd?: Hook0;
  /** Called before each evaluation batch. */
  onTestBatchBegin?: Hook1;
  /** Called after each evaluation batch. */
  onTestBatchEnd?: Hook1;
  /** Called at the start of prediction. */
  onPredictBegin?: Hook0;
  /** Called at the end of prediction. */
  onPredictEnd?: Hook0;
  /** Called before each prediction batch. */
  onPredictBatchBegin?: Hook1;
  /** Called after each prediction batch. */
  onPredictBatchEnd?: Hook1;
  /**
   * Whether the train batch hooks get logs (one device read per batch), or a
   * function of the batch index. Default: true when `onTrainBatchBegin` or
   * `onTrainBatchEnd` is given.
   */
  batchLogs?: boolean | ((batch: number) => boolean);
}

const HOOKS = [
  'onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onTrainBatchBegin', 'onTrainBatchEnd',
  'onTestBegin', 'onTestEnd', 'onTestBatchBegin', 'onTestBatchEnd',
  'onPredictBegin', 'onPredictEnd', 'onPredictBatchBegin', 'onPredictBatchEnd',
] as const;

/**
 * Keras' `LambdaCallback`: a callback made of functions. Only the hooks
 * given are installed, so a LambdaCallback without batch hooks leaves
 * `CallbackList.hasBatchHooks` false. Hooks may be async.
 *
 * @example
 * ```ts
 * const losses: number[] = [];
 * const cb = new LambdaCallback({ onEpochEnd: (_epoch, logs) => { losses.push(logs!.loss!); } });
 * ```
 * @throws ConfigError when an option named after a hook is not a function, or an option is unknown.
 */
export class LambdaCallback extends Callback {
  override readonly name: string = 'LambdaCallback';
  private readonly batchLogs: (batch: number) => boolean;

  constructor(options: LambdaCallbackOptions = {}) {
    super();
    for (const key of Object.keys(options)) {
      if (key === 'batchLogs') continue;
      if (!(HOOKS as readonly string[]).includes(key)) {
        throw new ConfigError(`Invalid option \`${key}\` for LambdaCallback: expected one of ${HOOKS.join(', ')}, batchLogs.`);
      }
      const fn = options[key as (typeof HOOKS)[number]];
      if (fn === undefined) continue;
      if (typeof fn !== 'function') {
        throw new ConfigError(`Invalid \`${key}\` for LambdaCallback: expected a function, received ${typeof fn}.`);
      }
      Object.defineProperty(this, key, { value: fn, writable: true, configurable: true });
    }
    const b = options.batchLogs ?? (options.onTrainBatchBegin !== undefined || options.onTrainBatchEnd !== undefined);
    this.batchLogs = typeof b === 'function' ? b : () => b;
  }

  override wantsBatchLogs(batch: number): boolean {
    return this.batchLogs(batch);
  }
}
