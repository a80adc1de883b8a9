import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Tensor } from '@dl/tensor';

/** A constraint's JSON config. */
export type ConstraintConfig = Record<string, number | number[]>;

/**
 * Base of the weight constraints: `call(w)` returns the projected weight,
 * applied after each optimizer step (as Keras' optimizer applies
 * `variable.constraint`).
 *
 * @example
 * ```ts
 * class Clip extends Constraint {
 *   static override readonly className = 'Clip';
 *   call(w: Tensor) { return clipByValue(w, -1, 1); }
 * }
 * registerConstraint(Clip);
 * ```
 */
export abstract class Constraint {
  /** The name this class serializes under. */
  static readonly className: string = 'Constraint';
  /** The projected weight. */
  abstract call(w: Tensor): Tensor;
  /** The arguments as JSON. */
  getConfig(): ConstraintConfig {
    return {};
  }
}

function num(value: unknown, arg: string, who: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new ConfigError(`Invalid \`${arg}\` for ${who}: expected a number >= ${min}, received ${describeValue(value)}.`);
  }
  return value;
}
function axisArg(value: unknown, who: string): number | number[] {
  const ok = Number.isInteger(value) || (Array.isArray(value) && value.every((a) => Number.isInteger(a)));
  if (!ok) throw new ConfigError(`Invalid \`axis\` for ${who}: expected an integer or an array of integers, received ${describeValue(value)}.`);
  return value as number | number[];
}
function norms(w: Tensor, axis: number | number[]): Tensor {
  return dl.sqrt(dl.sum(dl.square(w), axis, true));
}

/**
 * Keras' MaxNorm: rescales each slice along `axis` (default 0: each unit's
 * incoming weights in a Dense kernel) to a norm of at most `maxValue` (default 2):
 * `w · clip(n, 0, maxValue) / (ε + n)`.
 *
 * @example
 * ```ts
 * new Dense(64, { kernelConstraint: new MaxNorm({ maxValue: 3 }) });
 * ```
 */
export class MaxNorm extends Constraint {
  static override readonly className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number | number[];
  constructor(args: { maxValue?: number; axis?: number | number[] } = {}) {
    super();
    this.maxValue = num(args.maxValue ?? 2, 'maxValue', 'MaxNorm');
    this.axis = axisArg(args.axis ?? 0, 'MaxNorm');
  }
  call(w: Tensor): Tensor {
    return dl.tidy(() => {
      const n = norms(w, this.axis);
      return dl.mul(w, dl.div(dl.clipByValue(n, 0, this.maxValue), dl.add(1e-7, n)));
    });
  }
  override getConfig(): ConstraintConfig {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/**
 * Keras' MinMaxNorm: norms along `axis` pulled into [minValue, maxValue]
 * (defaults 0, 1) at `rate` (default 1: exactly).
 *
 * @example
 * ```ts
 * new Dense(8, { kernelConstraint: new MinMaxNorm({ minValue: 0.5, maxValue: 1 }) });
 * ```
 */
export class MinMaxNorm extends Constraint {
  static override readonly className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number | number[];
  constructor(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    super();
    this.minValue = num(args.minValue ?? 0, 'minValue', 'MinMaxNorm');
    this.maxValue = num(args.maxValue ?? 1, 'maxValue', 'MinMaxNorm', this.minValue);
    this.rate = num(args.rate ?? 1, 'rate', 'MinMaxNorm');
    this.axis = axisArg(args.axis ?? 0, 'MinMaxNorm');
  }
  call(w: Tensor): Tensor {
    return dl.tidy(() => {
      const n = norms(w, this.axis);
      const desired = dl.add(dl.mul(this.rate, dl.clipByValue(n, this.minValue, this.maxValue)), dl.mul(1 - this.rate, n));
      return dl.mul(w, dl.div(desired, dl.add(1e-7, n)));
    });
  }
  override getConfig(): ConstraintConfig {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

/** Keras' NonNeg: negative weights become 0. @example `new Dense(8, { kernelConstraint: new NonNeg() })` */
export class NonNeg extends Constraint {
  static override readonly className = 'NonNeg';
  call(w: Tensor): Tensor {
    return dl.relu(w);
  }
}

/** Keras' UnitNorm: each slice along `axis` (default 0) scaled to norm 1: `w / (ε + n)`. @example `new Dense(8, { kernelConstraint: new UnitNorm() })` */
export class UnitNorm extends Constraint {
  static override readonly className = 'UnitNorm';
  readonly axis: number | number[];
  constructor(args: { axis?: number | number[] } = {}) {
    super();
    this.axis = axisArg(args.axis ?? 0, 'UnitNorm');
  }
  call(w: Tensor): Tensor {
    return dl.tidy(() => dl.div(w, dl.add(1e-7, norms(w, this.axis))));
  }
  override getConfig(): ConstraintConfig {
    return { axis: this.axis };
  }
}

/** A constraint class as the registry knows it. */
export interface ConstraintClass {
  readonly className: string;
  new (args?: never): Constraint;
}
const builtIn: readonly ConstraintClass[] = [MaxNorm, MinMaxNorm, NonNeg, UnitNorm];
let registry: Map<string, ConstraintClass> | undefined;
function classes(): Map<string, ConstraintClass> {
  registry ??= new Map(builtIn.map((c) => [c.className.toLowerCase(), c]));
  return registry;
}

/** Registers a constraint class for deserialization. @throws ConfigError without an own `className`. @example `registerConstraint(Clip)` */
export function registerConstraint(cls: ConstraintClass): void {
  // An own className: a subclass inheriting a built-in's would silently replace it.
  if (!Object.prototype.hasOwnProperty.call(cls, 'className') || typeof cls.className !== 'string' || cls.className === '' || cls.className === Constraint.className) {
    throw new ConfigError(`Invalid constraint class for registerConstraint: expected a static \`className\` of its own, received ${describeValue(cls.className)}.`);
  }
  classes().set(cls.className.toLowerCase(), cls);
}

/** A constraint as JSON. */
export interface SerializedConstraint {
  className: string;
  config: ConstraintConfig;
}

/**
 * Keras' `constraints.get`: from a name (`"maxNorm"`, `"max_norm"`,
 * `"nonNeg"`, `"unitNorm"`, `"minMaxNorm"`), `{ className, config }`, or an instance.
 *
 * @throws ConfigError for an unknown name.
 * @example
 * ```ts
 * getConstraint('nonNeg');
 * ```
 */
export function getConstraint(identifier: string | SerializedConstraint | Constraint, who = 'getConstraint'): Constraint {
  if (identifier instanceof Constraint) return identifier;
  const name = typeof identifier === 'string' ? identifier : (identifier as SerializedConstraint | null)?.className;
  if (typeof name !== 'string') {
    throw new ConfigError(`Invalid constraint for ${who}: expected a name, { className, config } or a Constraint, received ${describeValue(identifier)}.`);
  }
  const cls = classes().get(name.replace(/_/g, '').toLowerCase());
  if (cls === undefined) {
    const known = [...classes().values()].map((c) => `"${c.className}"`).join(', ');
    throw new ConfigError(`Unknown constraint ${describeValue(name)} for ${who}: expected one of ${known}, or a class given to registerConstraint().`);
  }
  return new cls((typeof identifier === 'string' ? {} : identifier.config ?? {}) as never);
}

/** A constraint as `{ className, config }`. @example `serializeConstraint(new NonNeg())` */
export function serializeConstraint(c: Constraint): SerializedConstraint {
  return { className: (c.constructor as typeof Constraint).className, config: c.getConfig() };
}
