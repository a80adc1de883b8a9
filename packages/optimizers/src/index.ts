/**
 * @dl/optimizers: Keras 3's optimizers, learning rate schedules and their
 * shared options (clipping, weight decay, EMA, gradient accumulation),
 * with resumable state.
 *
 * @example
 * ```ts
 * import { Adam, CosineDecay } from '@dl/optimizers';
 * const opt = new Adam({ learningRate: new CosineDecay({ initialLearningRate: 1e-3, decaySteps: 1000 }), clipnorm: 1 });
 * opt.apply(grads, variables);
 * ```
 * @packageDocumentation
 */
export { Optimizer, type OptimizerArgs, type OptimizerConfig, type OptimizerState } from './optimizer';
export { SGD, type SGDArgs } from './sgd';
export { RMSprop, type RMSpropArgs } from './rmsprop';
export { Adam, type AdamArgs } from './adam';
export { AdamW } from './adamw';
export { Adagrad, type AdagradArgs } from './adagrad';
export { Adadelta, type AdadeltaArgs } from './adadelta';
export { Adamax, type AdamaxArgs } from './adamax';
export { Nadam, type NadamArgs } from './nadam';
export { Lion, type LionArgs } from './lion';
export { deserialize, get, registerOptimizer, serialize, type OptimizerClass, type SerializedOptimizer } from './registry';
export { LearningRateSchedule, type ConfigValue, type SerializedSchedule } from './schedules/learning-rate-schedule';
export { ExponentialDecay, type ExponentialDecayArgs } from './schedules/exponential-decay';
export { PiecewiseConstantDecay, type PiecewiseConstantDecayArgs } from './schedules/piecewise-constant-decay';
export { PolynomialDecay, type PolynomialDecayArgs } from './schedules/polynomial-decay';
export { InverseTimeDecay, type InverseTimeDecayArgs } from './schedules/inverse-time-decay';
export { CosineDecay, type CosineDecayArgs } from './schedules/cosine-decay';
export { CosineDecayRestarts, type CosineDecayRestartsArgs } from './schedules/cosine-decay-restarts';
export { deserializeSchedule, registerBuiltInSchedules, registerSchedule, serializeSchedule, type ScheduleClass } from './schedules/registry';
