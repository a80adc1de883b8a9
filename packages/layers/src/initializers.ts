import * as dl from '@dl/tensor';
import { ConfigError, describeValue, nextSeed, type DataType, type Tensor } from '@dl/tensor';
import { finiteNumber, nonNegativeInt, oneOf } from './engine/checks';

/** An initializer's JSON config (plain values only). */
export type InitializerConfig = Record<string, number | string | null>;

/**
 * Base of the weight initializers: `call(shape, dtype)` returns a new tensor.
 * Random initializers draw on `@dl/tensor`'s `setSeed` stream, or, given a
 * `seed`, give the same values on every call (as Keras 3's seeded initializers do).
 *
 * @example
 * ```ts
 * class Halves extends Initializer {
 *   static override readonly className = 'Halves';
 *   call(shape: number[]) { return fill(shape, 0.5); }
 * }
 * registerInitializer(Halves);
 * ```
 */
export abstract class Initializer {
  /** The name this class serializes under. */
  static readonly className: string = 'Initializer';
  /** A new tensor of `shape` and `dtype` (float32 by default). */
  abstract call(shape: number[], dtype?: DataType): Tensor;
  /** The arguments as JSON, for `fromConfig`. */
  getConfig(): InitializerConfig {
    return {};
  }
}

interface SeedArgs {
  /** A fixed seed: the same values on every call. Default: drawn from `setSeed`'s stream. */
  seed?: number | null;
}

function checkSeed(seed: unknown, who: string): number | null {
  return seed === undefined || seed === null ? null : nonNegativeInt(seed, 'seed', who);
}

abstract class SeededInitializer extends Initializer {
  readonly seed: number | null;
  constructor(seed: unknown, who: string) {
    super();
    this.seed = checkSeed(seed, who);
  }
  protected drawSeed(): number {
    return this.seed ?? nextSeed();
  }
}

/** All zeros. @example `new Zeros().call([2, 2])` */
export class Zeros extends Initializer {
  static override readonly className = 'Zeros';
  call(shape: number[], dtype: DataType = 'float32'): Tensor {
    return dl.zeros(shape, dtype);
  }
}

/** All ones. @example `new Ones().call([3])` */
export class Ones extends Initializer {
  static override readonly className = 'Ones';
  call(shape: number[], dtype: DataType = 'float32'): Tensor {
    return dl.ones(shape, dtype);
  }
}

/** A constant `value` (default 0). @example `new Constant({ value: 0.1 }).call([3])` */
export class Constant extends Initializer {
  static override readonly className = 'Constant';
  readonly value: number;
  constructor(args: { value?: number } = {}) {
    super();
    this.value = finiteNumber(args.value ?? 0, 'value', 'Constant');
  }
  call(shape: number[], dtype: DataType = 'float32'): Tensor {
    return dl.fill(shape, this.value, dtype);
  }
  override getConfig(): InitializerConfig {
    return { value: this.value };
  }
}

/** Uniform in [minval, maxval) (Keras defaults -0.05, 0.05). @example `new RandomUniform({ seed: 1 }).call([4])` */
export class RandomUniform extends SeededInitializer {
  static override readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  constructor(args: { minval?: number; maxval?: number } & SeedArgs = {}) {
    super(args.seed, 'RandomUniform');
    this.minval = finiteNumber(args.minval ?? -0.05, 'minval', 'RandomUniform');
    this.maxval = finiteNumber(args.maxval ?? 0.05, 'maxval', 'RandomUniform');
  }
  call(shape: number[], dtype: DataType = 'float32'): Tensor {
    return dl.randomUniform(shape, this.minval, this.maxval, dtype, this.drawSeed());
  }
  override getConfig(): InitializerConfig {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}

/** Normal with `mean` and `stddev` (Keras defaults 0, 0.05). @example `new RandomNormal({ stddev: 1 }).call([4])` */
export class RandomNormal extends SeededInitializer {
  static override readonly className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(args: { mean?: number; stddev?: number } & SeedArgs = {}) {
    super(args.seed, 'RandomNormal');
    this.mean = finiteNumber(args.mean ?? 0, 'mean', 'RandomNormal');
    this.stddev = finiteNumber(args.stddev ?? 0.05, 'stddev', 'RandomNormal');
  }
  call(shape: number[]): Tensor {
    return dl.randomNormal(shape, this.mean, this.stddev, 'float32', this.drawSeed());
  }
  override getConfig(): InitializerConfig {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/** Normal truncated at two standard deviations (Keras defaults mean 0, stddev 0.05). @example `new TruncatedNormal().call([4])` */
export class TruncatedNormal extends SeededInitializer {
  static override readonly className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(args: { mean?: number; stddev?: number } & SeedArgs = {}) {
    super(args.seed, 'TruncatedNormal');
    this.mean = finiteNumber(args.mean ?? 0, 'mean', 'TruncatedNormal');
    this.stddev = finiteNumber(args.stddev ?? 0.05, 'stddev', 'TruncatedNormal');
  }
  call(shape: number[]): Tensor {
    return dl.truncatedNormal(shape, this.mean, this.stddev, 'float32', this.drawSeed());
  }
  override getConfig(): InitializerConfig {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/**
 * Keras' fan computation: a 2-D kernel is (fanIn, fanOut); a conv kernel
 * (...receptiveField, inChannels, outChannels) multiplies both by the
 * receptive field size.
 */
export function computeFans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
type Distribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

/** VarianceScaling's arguments (Keras' names in camelCase; snake_case values are accepted too). */
export interface VarianceScalingArgs extends SeedArgs {
  /** Scaling factor (positive). Default 1. */
  scale?: number;
  /** Which fan: `fanIn` (default), `fanOut`, `fanAvg`. */
  mode?: FanMode | 'fan_in' | 'fan_out' | 'fan_avg';
  /** `truncatedNormal` (default), `untruncatedNormal` or `uniform`. */
  distribution?: Distribution | 'truncated_normal' | 'untruncated_normal' | 'normal';
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Keras' VarianceScaling: variance `scale / n` with n the fan in, out or their
 * average; a truncated normal has its stddev divided by 0.87962566103423978
 * (the stddev of a unit normal truncated at ±2), a uniform has limit √(3·scale/n).
 *
 * @throws ConfigError for a non-positive scale or an unknown mode or distribution.
 * @example
 * ```ts
 * new VarianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }).call([784, 512]);
 * ```
 */
export class VarianceScaling extends SeededInitializer {
  static override readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  constructor(args: VarianceScalingArgs = {}) {
    super(args.seed, 'VarianceScaling');
    const who = (this.constructor as typeof Initializer).className;
    this.scale = finiteNumber(args.scale ?? 1, 'scale', who);
    if (this.scale <= 0) throw new ConfigError(`Invalid \`scale\` for ${who}: expected a positive number, received ${describeValue(args.scale)}.`);
    this.mode = oneOf(camel(args.mode ?? 'fanIn'), 'mode', who, ['fanIn', 'fanOut', 'fanAvg'] as const);
    const dist = args.distribution === 'normal' ? 'truncatedNormal' : camel(args.distribution ?? 'truncatedNormal');
    this.distribution = oneOf(dist, 'distribution', who, ['truncatedNormal', 'untruncatedNormal', 'uniform'] as const);
  }
  call(shape: number[]): Tensor {
    const { fanIn, fanOut } = computeFans(shape);
    const n = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    const seed = this.drawSeed();
    if (this.distribution === 'truncatedNormal') {
      return dl.truncatedNormal(shape, 0, Math.sqrt(scale) / 0.8796256610342398, 'float32', seed);
    }
    if (this.distribution === 'untruncatedNormal') return dl.randomNormal(shape, 0, Math.sqrt(scale), 'float32', seed);
    const limit = Math.sqrt(3 * scale);
    return dl.randomUniform(shape, -limit, limit, 'float32', seed);
  }
  override getConfig(): InitializerConfig {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}

/** A VarianceScaling with fixed arguments; its config is only the seed. */
abstract class VarianceScalingPreset extends VarianceScaling {
  override getConfig(): InitializerConfig {
    return { seed: this.seed };
  }
}

/** Glorot (Xavier) uniform: limit √(6 / (fanIn + fanOut)). Keras' default kernel initializer. @example `new GlorotUniform({ seed: 0 }).call([3, 4])` */
export class GlorotUniform extends VarianceScalingPreset {
  static override readonly className = 'GlorotUniform';
  constructor(args: SeedArgs = {}) {
    super({ scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: args.seed ?? null });
  }
}

/** Glorot normal: truncated normal, stddev √(2 / (fanIn + fanOut)). @example `new GlorotNormal().call([3, 4])` */
export class GlorotNormal extends VarianceScalingPreset {
  static override readonly className = 'GlorotNormal';
  constructor(args: SeedArgs = {}) {
    super({ scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal', seed: args.seed ?? null });
  }
}

/** He uniform: limit √(6 / fanIn). @example `new HeUniform().call([3, 4])` */
export class HeUniform extends VarianceScalingPreset {
  static override readonly className = 'HeUniform';
  constructor(args: SeedArgs = {}) {
    super({ scale: 2, mode: 'fanIn', distribution: 'uniform', seed: args.seed ?? null });
  }
}

/** He normal: truncated normal, stddev √(2 / fanIn). @example `new HeNormal().call([3, 4])` */
export class HeNormal extends VarianceScalingPreset {
  static override readonly className = 'HeNormal';
  constructor(args: SeedArgs = {}) {
    super({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal', seed: args.seed ?? null });
  }
}

/** LeCun uniform: limit √(3 / fanIn). @example `new LecunUniform().call([3, 4])` */
export class LecunUniform extends VarianceScalingPreset {
  static override readonly className = 'LecunUniform';
  constructor(args: SeedArgs = {}) {
    super({ scale: 1, mode: 'fanIn', distribution: 'uniform', seed: args.seed ?? null });
  }
}

/** LeCun normal: truncated normal, stddev √(1 / fanIn). @example `new LecunNormal().call([3, 4])` */
export class LecunNormal extends VarianceScalingPreset {
  static override readonly className = 'LecunNormal';
  constructor(args: SeedArgs = {}) {
    super({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal', seed: args.seed ?? null });
  }
}

/**
 * Keras' Orthogonal: the Q of a QR decomposition of a normal matrix of shape
 * (∏shape[:-1], shape[-1]) (transposed when wider than tall), signs fixed by
 * diag(R), times `gain`. LSTM and GRU use it for their recurrent kernels.
 *
 * @throws ConfigError for a shape of rank below 2.
 * @example
 * ```ts
 * new Orthogonal({ seed: 3 }).call([4, 4]); // Q with QᵀQ = I
 * ```
 */
export class Orthogonal extends SeededInitializer {
  static override readonly className = 'Orthogonal';
  readonly gain: number;
  constructor(args: { gain?: number } & SeedArgs = {}) {
    super(args.seed, 'Orthogonal');
    this.gain = finiteNumber(args.gain ?? 1, 'gain', 'Orthogonal');
  }
  call(shape: number[]): Tensor {
    if (shape.length < 2) {
      throw new ConfigError(`Invalid shape for Orthogonal: expected a rank of at least 2, received ${describeValue(shape)}.`);
    }
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1]!;
    const seed = this.drawSeed();
    return dl.tidy(() => {
      const a = dl.randomNormal([Math.max(rows, cols), Math.min(rows, cols)], 0, 1, 'float32', seed);
      const [q, r] = dl.linalg.qr(a as dl.Tensor2D);
      const k = r.shape[0];
      const diag = dl.sum(dl.mul(r, dl.eye(k, k)), 0);
      let m: Tensor = dl.mul(q, dl.where(dl.equal(diag, 0), dl.onesLike(diag), dl.sign(diag)));
      if (rows < cols) m = dl.transpose(m);
      return dl.reshape(dl.mul(m, this.gain), shape);
    });
  }
  override getConfig(): InitializerConfig {
    return { gain: this.gain, seed: this.seed };
  }
}

/**
 * `gain` times the identity matrix (2-D shapes only; rectangular ones get ones
 * on the main diagonal), as Keras' Identity.
 *
 * @throws ConfigError for a shape that is not 2-D.
 * @example
 * ```ts
 * new Identity().call([3, 3]);
 * ```
 */
export class Identity extends Initializer {
  static override readonly className = 'IdentityInitializer';
  readonly gain: number;
  constructor(args: { gain?: number } = {}) {
    super();
    this.gain = finiteNumber(args.gain ?? 1, 'gain', 'Identity');
  }
  call(shape: number[]): Tensor {
    if (shape.length !== 2) {
      throw new ConfigError(`Invalid shape for Identity: expected a 2-D shape, received ${describeValue(shape)}.`);
    }
    return dl.tidy(() => dl.mul(dl.eye(shape[0]!, shape[1]!), this.gain));
  }
  override getConfig(): InitializerConfig {
    return { gain: this.gain };
  }
}

/** An initializer class as the registry knows it. */
export interface InitializerClass {
  readonly className: string;
  new (args?: never): Initializer;
}

const builtIn: readonly InitializerClass[] = [
  Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling,
  GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, Identity,
];
let registry: Map<string, InitializerClass> | undefined;
function classes(): Map<string, InitializerClass> {
  registry ??= new Map(builtIn.map((c) => [c.className.toLowerCase(), c]));
  return registry;
}

/** Keras' string aliases: `"uniform"` is RandomUniform (Embedding's default), `"identity"` the Identity initializer. */
const aliases: Record<string, string> = { uniform: 'randomuniform', normal: 'randomnormal', identity: 'identityinitializer' };

/**
 * Registers an initializer class for `getInitializer` and deserialization.
 *
 * @throws ConfigError when the class has no `className` of its own.
 * @example
 * ```ts
 * registerInitializer(Halves);
 * ```
 */
export function registerInitializer(cls: InitializerClass): void {
  // An own className: a subclass inheriting a built-in's would silently replace it.
  if (!Object.prototype.hasOwnProperty.call(cls, 'className') || typeof cls.className !== 'string' || cls.className === '' || cls.className === Initializer.className) {
    throw new ConfigError(`Invalid initializer class for registerInitializer: expected a static \`className\` of its own, received ${describeValue(cls.className)}.`);
  }
  classes().set(cls.className.toLowerCase(), cls);
}

/** An initializer as JSON. */
export interface SerializedInitializer {
  className: string;
  config: InitializerConfig;
}

/** An initializer as layers take it: a name (`"glorotUniform"`, `"glorot_uniform"`, `"zeros"`), `{ className, config }` or an instance. */
export type InitializerIdentifier = string | SerializedInitializer | Initializer;

/**
 * Keras' `initializers.get`: an initializer from a name (camelCase or
 * snake_case, any case), a serialized `{ className, config }`, or an instance.
 *
 * @throws ConfigError for an unknown name, listing the known ones.
 * @example
 * ```ts
 * getInitializer('heNormal').call([3, 3]);
 * ```
 */
export function getInitializer(identifier: InitializerIdentifier, who = 'getInitializer'): Initializer {
  if (identifier instanceof Initializer) return identifier;
  const name = typeof identifier === 'string' ? identifier : (identifier as SerializedInitializer | null)?.className;
  if (typeof name !== 'string') {
    throw new ConfigError(`Invalid initializer for ${who}: expected a name, { className, config } or an Initializer, received ${describeValue(identifier)}.`);
  }
  const key = name.replace(/_/g, '').toLowerCase();
  const cls = classes().get(aliases[key] ?? key);
  if (cls === undefined) {
    const known = [...classes().values()].map((c) => `"${c.className}"`).join(', ');
    throw new ConfigError(`Unknown initializer ${describeValue(name)} for ${who}: expected one of ${known}, or a class given to registerInitializer().`);
  }
  const config = typeof identifier === 'string' ? {} : identifier.config ?? {};
  return new cls(config as never);
}

/** An initializer as `{ className, config }`. @example `serializeInitializer(new Zeros()) // { className: 'Zeros', config: {} }` */
export function serializeInitializer(init: Initializer): SerializedInitializer {
  return { className: (init.constructor as typeof Initializer).className, config: init.getConfig() };
}
