/**
 * @dl/callbacks: Keras 3's callbacks for dl, over a small structural model
 * interface (`CallbackModel`), so they do not depend on `@dl/models`. The
 * callbacks that write files are in `@dl/callbacks/node`.
 *
 * @example
 * ```ts
 * import { EarlyStopping, ModelCheckpoint } from '@dl/callbacks';
 * const callbacks = [new EarlyStopping({ patience: 3 }), new ModelCheckpoint({ filepath: 'best.dl', saveBestOnly: true })];
 * ```
 * @packageDocumentation
 */
export {
  Callback,
  isStateful,
  type CallbackModel,
  type CallbackOptimizer,
  type CallbackParams,
  type JsonValue,
  type Logs,
  type OptimizerStateLike,
  type ResumePoint,
  type ResumeRandomState,
  type StatefulCallback,
} from './callback';
export { CallbackList, type CallbackListOptions } from './callback-list';
export { History } from './history';
export { ProgbarLogger, type ProgbarLoggerOptions } from './progbar-logger';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping';
export { ModelCheckpoint, type ModelCheckpointOptions } from './model-checkpoint';
export { LearningRateScheduler, type LearningRateSchedulerOptions } from './learning-rate-scheduler';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau';
export { TerminateOnNaN, type TerminateOnNaNOptions } from './terminate-on-nan';
export { LambdaCallback, type LambdaCallbackOptions } from './lambda-callback';
export { RemoteMonitor, type RemoteMonitorOptions } from './remote-monitor';
export type { MonitorMode } from './monitor';
