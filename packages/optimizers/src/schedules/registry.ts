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

function builtInSchedules(): ScheduleClass[] {
  return [ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts];
}

// Classes given to registerSchedule; the built-in ones, once linked (the map is made on first use).
const registered = new Map<string, ScheduleClass>();
let builtInSource: (() => ScheduleClass[]) | undefined;
let builtIns: ReadonlyMap<string, ScheduleClass> | undefined;

function linkBuiltIns(source: () => ScheduleClass[]): () => ScheduleClass[] {
  builtInSource = source;
  return source;
}

// Links the built-in schedules when this module loads. Marked pure on purpose (as @dl/layers'
// layer registry): a bundler keeps it, and with it every built-in schedule, only in a bundle that
// contains a by-name lookup (deserializeSchedule, registerBuiltInSchedules, and so @dl/models'
// loadModel). An optimizer's fromConfig finds them only then; a bundle that only constructs
// optimizers and schedules keeps just the ones it uses. Node loads all of it: always linked.
const BUILT_INS = /* @__PURE__ */ linkBuiltIns(builtInSchedules);

function lookup(className: string): ScheduleClass | undefined {
  if (builtIns === undefined && builtInSource !== undefined) builtIns = new Map(builtInSource().map((c) => [c.className, c]));
  return registered.get(className) ?? builtIns?.get(className);
}

/**
 * Makes the built-in schedules known to every lookup by class name, in
 * particular an optimizer's `fromConfig` with a serialized schedule. Needed
 * only in a browser bundle whose code has no other by-name schedule lookup
 * (`deserializeSchedule`, @dl/models' `loadModel`): in Node, and in any
 * bundle with one, they are known already. Safe to call again.
 *
 * @example
 * ```ts
 * registerBuiltInSchedules();
 * const adam = Adam.fromConfig(savedConfig); // its learningRate: { className: 'ExponentialDecay', config }
 * ```
 */
export function registerBuiltInSchedules(): void {
  builtInSource = BUILT_INS;
}

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
  registered.set(cls.className, cls);
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
  registerBuiltInSchedules();
  return deserializeRegisteredSchedule(value);
}

/**
 * deserializeSchedule for an optimizer's `fromConfig`: the same, except that
 * it finds the built-in schedules only once something in the program links
 * them (see registerBuiltInSchedules).
 */
export function deserializeRegisteredSchedule(value: unknown): LearningRateSchedule {
  const v = value as Partial<SerializedSchedule> | null;
  if (v === null || typeof v !== 'object' || typeof v.className !== 'string' || typeof v.config !== 'object' || v.config === null) {
    throw new FormatError(`Invalid serialized schedule: expected { className, config }, received ${describeValue(value)}.`);
  }
  const cls = lookup(v.className);
  if (cls === undefined) {
    const known = [...registered.keys(), ...(builtIns?.keys() ?? [])];
    throw new ConfigError(
      `Unknown learning rate schedule ${describeValue(v.className)}: expected one of ${known.join(', ') || 'none'}. Register custom schedules with registerSchedule().` +
        (builtInSource === undefined ? ' This bundle does not include the built-in schedules: call registerBuiltInSchedules() once first.' : ''),
    );
  }
  return new cls(v.config as Record<string, ConfigValue> as never);
}
