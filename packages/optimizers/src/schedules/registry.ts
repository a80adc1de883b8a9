import { ConfigError, FormatError, describeValue } from '@dl/tensor';
import { CosineDecay } from './cosine-decay';
import { CosineDecayRestarts } from './cosine-decay-restarts';
import { ExponentialDecay } from './exponential-decay';
import { InverseTimeDecay } from './inverse-time-decay';
import { LearningRateSchedule, type ConfigValue, type SerializedSchedule } from './learning-rate-schedule';
import { PiecewiseConstantDecay } from './piecewise-constant-decay';
import { PolynomialDecay } from './polynomial-decay';

/** A schedule class as the registry knows it: a class name and a constructor taking its config. */
export interface ScheduleClass {
  readonly className: string;
  new (config: never): LearningRateSchedule;
}

const builtIn: readonly ScheduleClass[] = [
  ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts,
];
const schedules = new Map<string, ScheduleClass>(builtIn.map((c) => [c.className, c]));

/**
 * Registers a schedule class so that configs naming it load
 * (`deserializeSchedule`, an optimizer's `fromConfig`, a saved model).
 *
 * @throws ConfigError when the class has no `className` of its own.
 * @example
 * ```ts
 * registerSchedule(Halving); // a LearningRateSchedule subclass with static className 'Halving'
 * ```
 */
export function registerSchedule(cls: ScheduleClass): void {
  if (typeof cls.className !== 'string' || cls.className === '' || cls.className === LearningRateSchedule.className) {
    throw new ConfigError(`Invalid schedule class for registerSchedule: expected a static \`className\` of its own, received ${describeValue(cls.className)}.`);
  }
  schedules.set(cls.className, cls);
}

/**
 * A schedule as JSON: `{ className, config }`.
 *
 * @example
 * ```ts
 * serializeSchedule(new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }));
 * // { className: 'ExponentialDecay', config: { initialLearningRate: 0.1, ... } }
 * ```
 */
export function serializeSchedule(schedule: LearningRateSchedule): SerializedSchedule {
  const { className } = schedule.constructor as unknown as ScheduleClass;
  return { className, config: schedule.getConfig() };
}

/**
 * Builds a schedule from `{ className, config }`, looking the class up in the
 * registry (the built-in schedules and those given to `registerSchedule`).
 *
 * @throws FormatError when the value is not `{ className, config }`.
 * @throws ConfigError when the class is unknown or the config invalid.
 * @example
 * ```ts
 * const lr = deserializeSchedule({ className: 'CosineDecay', config: { initialLearningRate: 0.1, decaySteps: 100 } });
 * ```
 */
export function deserializeSchedule(value: unknown): LearningRateSchedule {
  const v = value as Partial<SerializedSchedule> | null;
  if (v === null || typeof v !== 'object' || typeof v.className !== 'string' || typeof v.config !== 'object' || v.config === null) {
    throw new FormatError(`Invalid serialized schedule: expected { className, config }, received ${describeValue(value)}.`);
  }
  const cls = schedules.get(v.className);
  if (cls === undefined) {
    throw new ConfigError(
      `Unknown learning rate schedule ${describeValue(v.className)}: expected one of ${[...schedules.keys()].join(', ')}. Register custom schedules with registerSchedule().`,
    );
  }
  return new cls(v.config as Record<string, ConfigValue> as never);
}
