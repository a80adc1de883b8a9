import { ConfigError, FormatError, describeValue } from '@dl/tensor';
import { Adadelta } from './adadelta';
import { Adagrad } from './adagrad';
import { Adam } from './adam';
import { Adamax } from './adamax';
import { AdamW } from './adamw';
import { Lion } from './lion';
import { Nadam } from './nadam';
import { Optimizer, type OptimizerConfig } from './optimizer';
import { RMSprop } from './rmsprop';
import { SGD } from './sgd';

/** An optimizer class as the registry knows it. */
export interface OptimizerClass {
  readonly className: string;
  new (args?: never): Optimizer;
  fromConfig(config: OptimizerConfig): Optimizer;
}

/** A serialized optimizer: its registered class name and its config. */
export interface SerializedOptimizer {
  className: string;
  config: OptimizerConfig;
}

const builtIn: readonly OptimizerClass[] = [SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam, Lion];
/** Keyed by lowercase class name: `get` and `deserialize` ignore case, as Keras' `get` does. */
const registry = new Map<string, OptimizerClass>(builtIn.map((c) => [c.className.toLowerCase(), c]));

/**
 * Registers an optimizer class, so that `get` and `deserialize` (and so
 * saved models) find it by its `className`.
 *
 * @throws ConfigError when the class has no `className` of its own.
 * @example
 * ```ts
 * class MyOptimizer extends SGD { static override readonly className = 'MyOptimizer'; }
 * registerOptimizer(MyOptimizer);
 * get('myoptimizer'); // a MyOptimizer
 * ```
 */
export function registerOptimizer(cls: OptimizerClass): void {
  if (typeof cls.className !== 'string' || cls.className === '' || cls.className === Optimizer.className) {
    throw new ConfigError(`Invalid optimizer class for registerOptimizer: expected a static \`className\` of its own, received ${describeValue(cls.className)}.`);
  }
  registry.set(cls.className.toLowerCase(), cls);
}

function lookup(name: string): OptimizerClass {
  const cls = registry.get(name.toLowerCase());
  if (cls === undefined) {
    const known = [...registry.values()].map((c) => `"${c.className.toLowerCase()}"`).join(', ');
    throw new ConfigError(`Unknown optimizer ${describeValue(name)}: expected one of ${known}, or a class given to registerOptimizer().`);
  }
  return cls;
}

/**
 * Keras' `optimizers.get`: an optimizer from a name (with Keras' defaults:
 * `'rmsprop'` is `new RMSprop()`, learning rate 0.001), a serialized
 * optimizer, or an optimizer (returned as is).
 *
 * @throws ConfigError for an unknown name.
 * @throws FormatError for a value that is none of these.
 * @example
 * ```ts
 * const opt = get('adam'); // Adam, learning rate 0.001
 * ```
 */
export function get(identifier: string | SerializedOptimizer | Optimizer): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') return new (lookup(identifier))();
  return deserialize(identifier);
}

/** An optimizer as JSON: `{ className, config }` (its state is separate: `getState`). */
export function serialize(optimizer: Optimizer): SerializedOptimizer {
  return { className: (optimizer.constructor as typeof Optimizer).className, config: optimizer.getConfig() };
}

/**
 * Builds an optimizer from `serialize`'s output.
 *
 * @throws FormatError when the value is not `{ className, config }`.
 * @throws ConfigError when the class is unknown or the config invalid.
 */
export function deserialize(value: SerializedOptimizer): Optimizer {
  const v = value as Partial<SerializedOptimizer> | null;
  if (v === null || typeof v !== 'object' || typeof v.className !== 'string' || typeof v.config !== 'object' || v.config === null) {
    throw new FormatError(`Invalid serialized optimizer: expected { className, config }, received ${describeValue(value)}.`);
  }
  return lookup(v.className).fromConfig(v.config);
}
