import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Tensor } from '@dl/tensor';

/** An activation: a function of one tensor, with Keras' name for serialization. */
export type ActivationFn = (x: Tensor) => Tensor;

/** The Keras activation names, in camelCase. */
export type ActivationName =
  | 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'hardSigmoid' | 'softplus' | 'softsign' | 'tanh'
  | 'softmax' | 'logSoftmax' | 'linear' | 'gelu' | 'swish' | 'silu' | 'mish' | 'leakyRelu' | 'exponential';

/** An activation as layers take it: a name (built in, or given to `registerActivation`), a function, or null for linear. */
export type ActivationIdentifier = ActivationName | (string & {}) | ActivationFn | null;

/** Softmax over the last axis (Keras' default axis). */
function softmax(x: Tensor): Tensor {
  return dl.softmax(x, -1);
}

/** Keras 3's `gelu` with `approximate=False`: x·Φ(x) with the exact normal CDF. */
function gelu(x: Tensor): Tensor {
  return dl.tidy(() => dl.mul(dl.mul(x, 0.5), dl.add(1, dl.erf(dl.div(x, Math.SQRT2)))));
}

/** Keras 3's `hard_sigmoid`: relu6(x + 3) / 6, the slope-1/6 line clipped to [0, 1]. */
function hardSigmoid(x: Tensor): Tensor {
  return dl.tidy(() => dl.clipByValue(dl.add(dl.div(x, 6), 0.5), 0, 1));
}

const table: Record<ActivationName, ActivationFn> = {
  relu: (x) => dl.relu(x),
  relu6: (x) => dl.relu6(x),
  elu: (x) => dl.elu(x),
  // tfjs' Selu kernel (Keras' constants, SELU_SCALE · SELU_ALPHA) has a gradient; a where() of
  // greater() has none, and exp() of a large x would make it NaN.
  selu: (x) => dl.selu(x),
  sigmoid: (x) => dl.sigmoid(x),
  hardSigmoid,
  softplus: (x) => dl.softplus(x),
  softsign: (x) => dl.tidy(() => dl.div(x, dl.add(1, dl.abs(x)))),
  tanh: (x) => dl.tanh(x),
  softmax,
  logSoftmax: (x) => dl.logSoftmax(x, -1),
  linear: (x) => x,
  gelu,
  swish: (x) => dl.tidy(() => dl.mul(x, dl.sigmoid(x))),
  silu: (x) => dl.tidy(() => dl.mul(x, dl.sigmoid(x))),
  mish: (x) => dl.tidy(() => dl.mul(x, dl.tanh(dl.softplus(x)))),
  leakyRelu: (x) => dl.leakyRelu(x, 0.2),
  exponential: (x) => dl.exp(x),
};

/** Every activation name `getActivation` knows. */
export const activationNames = Object.keys(table) as ActivationName[];

const names = new Map<ActivationFn, ActivationName>(activationNames.map((n) => [table[n], n]));
const custom = new Map<string, ActivationFn>();

/**
 * Keras' `activations.get`: the function for a name (camelCase, or Keras'
 * snake_case such as `"hard_sigmoid"`), a function as is, and `null` or
 * `undefined` as linear.
 *
 * Activations (all elementwise except the softmaxes, which act on the last axis):
 * relu, relu6, elu (alpha 1), selu, sigmoid, hardSigmoid (Keras 3: x/6 + 1/2
 * clipped to [0, 1]), softplus, softsign, tanh, softmax, logSoftmax, linear,
 * gelu (exact, with erf), swish = silu, mish, leakyRelu (negative slope 0.2, as
 * `keras.activations.leaky_relu`), exponential.
 *
 * @throws ConfigError for an unknown name, listing the known ones.
 * @example
 * ```ts
 * const relu = getActivation('relu');
 * relu(tensor([-1, 2])); // [0, 2]
 * ```
 */
export function getActivation(identifier: ActivationIdentifier | string | undefined, who = 'getActivation'): ActivationFn {
  if (identifier === null || identifier === undefined) return table.linear;
  if (typeof identifier === 'function') return identifier;
  if (typeof identifier === 'string') {
    const camel = identifier.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (Object.prototype.hasOwnProperty.call(table, camel)) return table[camel as ActivationName];
    const registered = custom.get(identifier);
    if (registered !== undefined) return registered;
  }
  const known = [...activationNames, ...custom.keys()].map((n) => `"${n}"`).join(', ');
  throw new ConfigError(`Unknown activation ${describeValue(identifier)} for ${who}: expected one of ${known}, or a function.`);
}

/**
 * The name an activation serializes under: a built-in's Keras name, a
 * registered custom function's name.
 *
 * @throws ConfigError for a function that is neither built in nor registered.
 * @example
 * ```ts
 * serializeActivation(getActivation('relu')); // "relu"
 * ```
 */
export function serializeActivation(fn: ActivationFn, who = 'serializeActivation'): string {
  const builtIn = names.get(fn);
  if (builtIn !== undefined) return builtIn;
  for (const [name, f] of custom) if (f === fn) return name;
  throw new ConfigError(
    `Cannot serialize the activation of ${who}: expected a built-in activation or one given to registerActivation(name, fn), received an anonymous function.`,
  );
}

/**
 * Registers a custom activation under a name, so layers that use it can be
 * saved and loaded (loading never runs code from a file).
 *
 * @throws ConfigError when the name is empty or is a built-in's.
 * @example
 * ```ts
 * registerActivation('cube', (x) => pow(x, 3));
 * new Dense(4, { activation: 'cube' });
 * ```
 */
export function registerActivation(name: string, fn: ActivationFn): void {
  if (typeof name !== 'string' || name === '' || (activationNames as string[]).includes(name)) {
    throw new ConfigError(`Invalid \`name\` for registerActivation: expected a new non-empty name, received ${describeValue(name)}.`);
  }
  if (typeof fn !== 'function') {
    throw new ConfigError(`Invalid \`fn\` for registerActivation: expected a function, received ${describeValue(fn)}.`);
  }
  custom.set(name, fn);
}
