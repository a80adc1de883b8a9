import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Scalar, type Tensor } from '@dl/tensor';

/** A regularizer's JSON config. */
export type RegularizerConfig = Record<string, number>;

/**
 * Base of the weight and activity regularizers: `call(x)` is a scalar penalty
 * added to the training loss (a layer's `losses`).
 *
 * @example
 * ```ts
 * class Sparse extends Regularizer {
 *   static override readonly className = 'Sparse';
 *   call(x: Tensor) { return mul(1e-3, sum(abs(x))); }
 * }
 * registerRegularizer(Sparse);
 * ```
 */
export abstract class Regularizer {
  /** The name this class serializes under. */
  static readonly className: string = 'Regularizer';
  /** The penalty for `x`, a scalar. */
  abstract call(x: Tensor): Scalar;
  /** The arguments as JSON. */
  getConfig(): RegularizerConfig {
    return {};
  }
}

function factor(value: unknown, arg: string, who: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`Invalid \`${arg}\` for ${who}: expected a non-negative number, received ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Keras' L1L2: `l1 · Σ|x| + l2 · Σx²` (both default 0 here, as Keras' class).
 *
 * @throws ConfigError for a negative or non-finite factor.
 * @example
 * ```ts
 * new Dense(16, { kernelRegularizer: new L1L2({ l1: 1e-5, l2: 1e-4 }) });
 * ```
 */
export class L1L2 extends Regularizer {
  static override readonly className: string = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: { l1?: number; l2?: number } = {}) {
    super();
    const who = (this.constructor as typeof Regularizer).className;
    this.l1 = factor(args.l1 ?? 0, 'l1', who);
    this.l2 = factor(args.l2 ?? 0, 'l2', who);
  }
  call(x: Tensor): Scalar {
    return dl.tidy(() => {
      let penalty: Scalar = dl.scalar(0);
      if (this.l1 !== 0) penalty = dl.add(penalty, dl.mul(this.l1, dl.sum(dl.abs(x))));
      if (this.l2 !== 0) penalty = dl.add(penalty, dl.mul(this.l2, dl.sum(dl.square(x))));
      return penalty;
    });
  }
  override getConfig(): RegularizerConfig {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** Keras' L1: `l1 · Σ|x|` (default 0.01). @example `new Dense(16, { kernelRegularizer: new L1({ l1: 1e-4 }) })` */
export class L1 extends L1L2 {
  static override readonly className = 'L1';
  constructor(args: { l1?: number } = {}) {
    super({ l1: args.l1 ?? 0.01 });
  }
  override getConfig(): RegularizerConfig {
    return { l1: this.l1 };
  }
}

/** Keras' L2: `l2 · Σx²` (default 0.01; the book's `regularizers.l2(0.002)`). @example `new Dense(16, { kernelRegularizer: l2(0.002) })` */
export class L2 extends L1L2 {
  static override readonly className = 'L2';
  constructor(args: { l2?: number } = {}) {
    super({ l2: args.l2 ?? 0.01 });
  }
  override getConfig(): RegularizerConfig {
    return { l2: this.l2 };
  }
}

/** `regularizers.l1(0.01)`, as in Keras. @example `l1(1e-4)` */
export function l1(value = 0.01): L1 {
  return new L1({ l1: value });
}
/** `regularizers.l2(0.01)`, as in Keras. @example `l2(0.002)` */
export function l2(value = 0.01): L2 {
  return new L2({ l2: value });
}
/** `regularizers.l1_l2(l1=0.01, l2=0.01)`, as in Keras. @example `l1l2({ l1: 0.001, l2: 0.001 })` */
export function l1l2(args: { l1?: number; l2?: number } = {}): L1L2 {
  return new L1L2({ l1: args.l1 ?? 0.01, l2: args.l2 ?? 0.01 });
}

/** A regularizer class as the registry knows it. */
export interface RegularizerClass {
  readonly className: string;
  new (args?: never): Regularizer;
}
const builtIn: readonly RegularizerClass[] = [L1L2, L1, L2];
let registry: Map<string, RegularizerClass> | undefined;
function classes(): Map<string, RegularizerClass> {
  registry ??= new Map(builtIn.map((c) => [c.className.toLowerCase(), c]));
  return registry;
}

/** Registers a regularizer class for deserialization. @throws ConfigError without an own `className`. @example `registerRegularizer(Sparse)` */
export function registerRegularizer(cls: RegularizerClass): void {
  // An own className: a subclass inheriting a built-in's would silently replace it.
  if (!Object.prototype.hasOwnProperty.call(cls, 'className') || typeof cls.className !== 'string' || cls.className === '' || cls.className === Regularizer.className) {
    throw new ConfigError(`Invalid regularizer class for registerRegularizer: expected a static \`className\` of its own, received ${describeValue(cls.className)}.`);
  }
  classes().set(cls.className.toLowerCase(), cls);
}

/** A regularizer as JSON. */
export interface SerializedRegularizer {
  className: string;
  config: RegularizerConfig;
}

/**
 * Keras' `regularizers.get`: from a name (`"l1"`, `"l2"`, `"l1l2"`/`"l1_l2"`,
 * with Keras' default factors), `{ className, config }`, or an instance.
 *
 * @throws ConfigError for an unknown name.
 * @example
 * ```ts
 * getRegularizer('l2'); // L2 with l2 = 0.01
 * ```
 */
export function getRegularizer(identifier: string | SerializedRegularizer | Regularizer, who = 'getRegularizer'): Regularizer {
  if (identifier instanceof Regularizer) return identifier;
  const name = typeof identifier === 'string' ? identifier : (identifier as SerializedRegularizer | null)?.className;
  if (typeof name !== 'string') {
    throw new ConfigError(`Invalid regularizer for ${who}: expected a name, { className, config } or a Regularizer, received ${describeValue(identifier)}.`);
  }
  const key = name.replace(/_/g, '').toLowerCase();
  if (typeof identifier === 'string' && key === 'l1l2') return l1l2();
  const cls = classes().get(key);
  if (cls === undefined) {
    const known = [...classes().values()].map((c) => `"${c.className}"`).join(', ');
    throw new ConfigError(`Unknown regularizer ${describeValue(name)} for ${who}: expected one of ${known}, or a class given to registerRegularizer().`);
  }
  return new cls((typeof identifier === 'string' ? {} : identifier.config ?? {}) as never);
}

/** A regularizer as `{ className, config }`. @example `serializeRegularizer(l2(0.002))` */
export function serializeRegularizer(r: Regularizer): SerializedRegularizer {
  return { className: (r.constructor as typeof Regularizer).className, config: r.getConfig() };
}
