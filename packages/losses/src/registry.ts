import { ConfigError, describeValue } from '@dl/tensor';
import { BinaryCrossentropy } from './binary-crossentropy';
import { BinaryFocalCrossentropy } from './binary-focal-crossentropy';
import { CategoricalCrossentropy } from './categorical-crossentropy';
import { CategoricalFocalCrossentropy } from './categorical-focal-crossentropy';
import { CategoricalHinge } from './categorical-hinge';
import { CosineSimilarity } from './cosine-similarity';
import { Hinge } from './hinge';
import { Huber } from './huber';
import { KLDivergence } from './kullback-leibler-divergence';
import { LogCosh } from './log-cosh';
import { Loss, type LossConfig } from './loss';
import { LossFunctionWrapper, type LossFunction } from './loss-function-wrapper';
import { MeanAbsoluteError } from './mean-absolute-error';
import { MeanAbsolutePercentageError } from './mean-absolute-percentage-error';
import { MeanSquaredError } from './mean-squared-error';
import { MeanSquaredLogarithmicError } from './mean-squared-logarithmic-error';
import { Poisson } from './poisson';
import { SparseCategoricalCrossentropy } from './sparse-categorical-crossentropy';
import { SquaredHinge } from './squared-hinge';

/** A loss class that can be built from its config. */
export interface LossClass {
  new (config?: never): Loss;
  readonly className: string;
}

/** A loss as JSON: Keras' `{ class_name, config }` in camelCase. */
export interface SerializedLoss {
  className: string;
  config: LossConfig;
}

// The built-in losses, each under its class name, its function name (camelCase),
// Keras' snake_case name and Keras' / tfjs' short aliases.
const BUILTINS: ReadonlyArray<readonly [LossClass, readonly string[]]> = [
  [MeanSquaredError, ['meanSquaredError', 'mean_squared_error', 'mse', 'MSE']],
  [MeanAbsoluteError, ['meanAbsoluteError', 'mean_absolute_error', 'mae', 'MAE']],
  [MeanAbsolutePercentageError, ['meanAbsolutePercentageError', 'mean_absolute_percentage_error', 'mape', 'MAPE']],
  [MeanSquaredLogarithmicError, ['meanSquaredLogarithmicError', 'mean_squared_logarithmic_error', 'msle', 'MSLE']],
  [Huber, ['huber', 'huber_loss', 'huberLoss']],
  [LogCosh, ['logCosh', 'log_cosh', 'logcosh']],
  [BinaryCrossentropy, ['binaryCrossentropy', 'binary_crossentropy', 'bce', 'BCE']],
  [CategoricalCrossentropy, ['categoricalCrossentropy', 'categorical_crossentropy']],
  [SparseCategoricalCrossentropy, ['sparseCategoricalCrossentropy', 'sparse_categorical_crossentropy']],
  [KLDivergence, ['kullbackLeiblerDivergence', 'kullback_leibler_divergence', 'klDivergence', 'kl_divergence', 'kld', 'KLD']],
  [Poisson, ['poisson']],
  [Hinge, ['hinge']],
  [SquaredHinge, ['squaredHinge', 'squared_hinge']],
  [CategoricalHinge, ['categoricalHinge', 'categorical_hinge']],
  [CosineSimilarity, ['cosineSimilarity', 'cosine_similarity', 'cosineProximity']],
  [BinaryFocalCrossentropy, ['binaryFocalCrossentropy', 'binary_focal_crossentropy']],
  [CategoricalFocalCrossentropy, ['categoricalFocalCrossentropy', 'categorical_focal_crossentropy']],
];

const registered = new Map<string, LossClass>();

function builtin(name: string): LossClass | undefined {
  for (const [cls, aliases] of BUILTINS) if (cls.className === name || aliases.includes(name)) return cls;
  return undefined;
}

/** The loss class registered or built in under `name`, if any. */
function lookup(name: string): LossClass | undefined {
  return registered.get(name) ?? builtin(name);
}

/**
 * Registers a custom loss class so that {@link get} and {@link deserialize}
 * find it by its `className` (and any aliases). Nothing is registered at import:
 * a library calls this once for each class it ships.
 *
 * @throws ConfigError when the name is a built-in loss' or has no `className`.
 * @example
 * ```ts
 * registerLoss(MeanCube, { aliases: ['mean_cube'] });
 * get('mean_cube'); // a MeanCube
 * ```
 */
export function registerLoss(cls: LossClass, options: { aliases?: readonly string[] } = {}): void {
  const names = [cls.className, ...(options.aliases ?? [])];
  if (!cls.className || cls.className === 'Loss') {
    throw new ConfigError('Invalid loss class for registerLoss: expected a subclass of Loss with its own static `className`, received one without.');
  }
  for (const n of names) {
    if (builtin(n) !== undefined) {
      throw new ConfigError(`Invalid name for registerLoss: expected a name that no built-in loss uses, received ${describeValue(n)}.`);
    }
  }
  for (const n of names) registered.set(n, cls);
}

const known = () => [...BUILTINS.map(([, a]) => a[0]), ...registered.keys()].join(', ');

/**
 * Resolves a loss: a name (`'binaryCrossentropy'`, Keras' `'binary_crossentropy'`,
 * `'mse'`, a class name or a registered name), a serialized loss, a `Loss`
 * (returned as is) or a plain function (wrapped in a {@link LossFunctionWrapper}).
 *
 * @throws ConfigError for an unknown name.
 * @example
 * ```ts
 * get('sparse_categorical_crossentropy'); // a SparseCategoricalCrossentropy
 * get({ className: 'Huber', config: { name: 'huber_loss', reduction: 'sum', delta: 2 } });
 * ```
 */
export function get(identifier: string | Loss | LossFunction | SerializedLoss): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'function') return new LossFunctionWrapper(identifier);
  if (typeof identifier === 'string') {
    const cls = lookup(identifier);
    if (cls === undefined) {
      throw new ConfigError(`Unknown loss ${describeValue(identifier)}: expected one of ${known()} (or a name given to registerLoss).`);
    }
    return new cls();
  }
  if (identifier !== null && typeof identifier === 'object' && typeof identifier.className === 'string') return deserialize(identifier);
  throw new ConfigError(`Invalid loss: expected a name, a Loss, a function or { className, config }, received ${describeValue(identifier)}.`);
}

/**
 * A loss as JSON (`{ className, config }`); {@link deserialize} rebuilds it.
 *
 * @example
 * ```ts
 * serialize(new Huber({ delta: 2 })); // { className: 'Huber', config: { name: 'huber_loss', reduction: 'sumOverBatchSize', delta: 2 } }
 * ```
 */
export function serialize(loss: Loss): SerializedLoss {
  return { className: loss.className, config: loss.getConfig() };
}

/**
 * Rebuilds a loss from {@link serialize}'s JSON, looking the class up among the
 * built-in and registered losses (no code is run from the JSON).
 *
 * @throws ConfigError for an unknown class name.
 */
export function deserialize(serialized: SerializedLoss): Loss {
  const cls = lookup(serialized.className);
  if (cls === undefined) {
    throw new ConfigError(`Unknown loss class ${describeValue(serialized.className)}: expected a built-in loss or one given to registerLoss.`);
  }
  return new cls(serialized.config as never);
}
