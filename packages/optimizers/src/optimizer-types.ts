/** The public types of `Optimizer`: its arguments, its JSON config and its resumable state. */
import type { NamedTensorMap } from '@dl/tensor';
import type { ConfigValue, LearningRateSchedule } from './schedules/learning-rate-schedule';

/** The arguments every optimizer takes: Keras 3's base optimizer arguments in camelCase. */
export interface OptimizerArgs {
  /** A number >= 0, or a schedule of the iteration count. Each optimizer has its own default. */
  learningRate?: number | LearningRateSchedule;
  /** Decoupled weight decay: before each update, `w -= w * weightDecay * learningRate`. */
  weightDecay?: number | null;
  /** Clip each gradient to this L2 norm (exclusive with `clipvalue` and `globalClipnorm`). */
  clipnorm?: number | null;
  /** Clip each gradient element to `[-clipvalue, clipvalue]`. */
  clipvalue?: number | null;
  /** Scale all gradients together so that their global L2 norm is at most this. */
  globalClipnorm?: number | null;
  /** Keep an exponential moving average of the weights. Default false. */
  useEma?: boolean;
  /** The EMA momentum: `average = m * average + (1 - m) * weight`. Default 0.99. */
  emaMomentum?: number;
  /** Overwrite the weights with their average every this many iterations; null: only at `finalizeVariableValues`. */
  emaOverwriteFrequency?: number | null;
  /** Update every this many steps (>= 2) with the mean of the gradients accumulated since the last update. */
  gradientAccumulationSteps?: number | null;
  /** The optimizer's name. Defaults to its lowercase class name. */
  name?: string;
}

/** An optimizer's config as JSON: its arguments, with a schedule as `{ className, config }`. */
export type OptimizerConfig = Record<string, ConfigValue>;

/**
 * An optimizer's state: what a resumed run needs to make the same updates.
 * `variables` holds every slot variable (moments, accumulators, EMA
 * averages), named `slot/i` for the optimizer's i-th variable, in Keras'
 * order; `iterations` counts `apply` calls (Keras' `_iterations`).
 */
export interface OptimizerState {
  iterations: number;
  /** The learning rate when it is a number (callbacks may have changed it); absent with a schedule. */
  learningRate?: number;
  variables: NamedTensorMap;
}
