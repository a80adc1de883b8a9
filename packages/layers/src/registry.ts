import { ConfigError, FormatError, describeValue } from '@dl/tensor';
import { Activation } from './core/activation';
import { Dense } from './core/dense';
import { Embedding } from './core/embedding';
import { Identity } from './core/identity';
import { Lambda } from './core/lambda';
import { Masking } from './core/masking';
import { InputLayer } from './engine/input-layer';
import { Layer, type LayerConfig } from './engine/layer';
import { Flatten } from './reshaping/flatten';
import { Permute } from './reshaping/permute';
import { RepeatVector } from './reshaping/repeat-vector';
import { Reshape } from './reshaping/reshape';
import { BatchNormalization } from './normalization/batch-normalization';
import { LayerNormalization } from './normalization/layer-normalization';
import { ActivityRegularization } from './regularization/activity-regularization';
import { Dropout } from './regularization/dropout';
import { GaussianDropout } from './regularization/gaussian-dropout';
import { GaussianNoise } from './regularization/gaussian-noise';
import { SpatialDropout1D } from './regularization/spatial-dropout1d';
import { SpatialDropout2D } from './regularization/spatial-dropout2d';
import { Add } from './merging/add';
import { Average } from './merging/average';
import { Concatenate } from './merging/concatenate';
import { Dot } from './merging/dot';
import { Maximum } from './merging/maximum';
import { Minimum } from './merging/minimum';
import { Multiply } from './merging/multiply';
import { Subtract } from './merging/subtract';
import { MultiHeadAttention } from './attention/multi-head-attention';

/** A layer class as registries know it: a `className` and a `fromConfig`. */
export interface LayerClass {
  readonly className: string;
  fromConfig(config: LayerConfig): Layer;
}

/** A layer as JSON: Keras' `{ className, config }`. */
export interface SerializedLayer {
  className: string;
  config: LayerConfig;
}

/** Extra classes for one deserialization (a downstream library's layers), by class name. */
export type LayerRegistry = ReadonlyMap<string, LayerClass> | Readonly<Record<string, LayerClass>>;

function builtInLayers(): LayerClass[] {
  return [
    InputLayer, Dense, Activation, Embedding, Masking, Identity, Lambda,
    Flatten, Reshape, Permute, RepeatVector,
    BatchNormalization, LayerNormalization,
    Dropout, SpatialDropout1D, SpatialDropout2D, GaussianNoise, GaussianDropout, ActivityRegularization,
    Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot,
    MultiHeadAttention,
  ];
}

let registry: Map<string, LayerClass> | undefined;
function classes(): Map<string, LayerClass> {
  registry ??= new Map(builtInLayers().map((c) => [c.className, c]));
  return registry;
}

/**
 * Registers a layer class so that configs and saved models naming its
 * `className` can be loaded. Nothing registers itself on import: a library
 * that defines layers calls this (or passes a registry to `deserializeLayer`).
 *
 * @throws ConfigError when the class has no `className` of its own or no `fromConfig`.
 * @example
 * ```ts
 * class Scale extends Layer { static override readonly className = 'Scale'; ... }
 * registerLayer(Scale);
 * deserializeLayer({ className: 'Scale', config: { name: 's', trainable: true, dtype: 'float32' } });
 * ```
 */
export function registerLayer(cls: LayerClass): void {
  // An own className: a subclass that inherits Dense's would silently replace Dense.
  const own = (cls as unknown) != null && Object.prototype.hasOwnProperty.call(cls, 'className');
  if (!own || typeof cls.className !== 'string' || cls.className === '' || cls.className === Layer.className) {
    throw new ConfigError(`Invalid layer class for registerLayer: expected a static \`className\` of its own, received ${describeValue(cls?.className)}.`);
  }
  if (typeof cls.fromConfig !== 'function') {
    throw new ConfigError(`Invalid layer class "${cls.className}" for registerLayer: expected a static fromConfig(config).`);
  }
  classes().set(cls.className, cls);
}

/**
 * The class registered under `className` (built in, registered, or in `extra`).
 *
 * @throws ConfigError `Unknown layer class "X"; registered: ...`.
 * @example
 * ```ts
 * getLayerClass('Dense') === Dense; // true
 * ```
 */
export function getLayerClass(className: string, extra?: LayerRegistry): LayerClass {
  const fromExtra = extra === undefined ? undefined : extra instanceof Map ? extra.get(className) : Object.prototype.hasOwnProperty.call(extra, className) ? (extra as Record<string, LayerClass>)[className] : undefined;
  const cls = fromExtra ?? classes().get(className);
  if (cls === undefined) {
    const names = [...classes().keys(), ...(extra === undefined ? [] : extra instanceof Map ? [...extra.keys()] : Object.keys(extra))];
    throw new ConfigError(`Unknown layer class ${describeValue(className)}; registered: ${[...new Set(names)].sort().join(', ')}. Register it with registerLayer(cls) or pass a registry.`);
  }
  return cls;
}

/** Every registered class name, sorted. @example `registeredLayers().includes('Dense') // true` */
export function registeredLayers(): string[] {
  return [...classes().keys()].sort();
}

/** A layer as `{ className, config }`. @example `serializeLayer(new Dense(3)) // { className: 'Dense', config: { units: 3, ... } }` */
export function serializeLayer(layer: Layer): SerializedLayer {
  return { className: (layer.constructor as typeof Layer).className, config: layer.getConfig() };
}

const forbidden = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Rejects configs that could reach object prototypes: any key `__proto__`,
 * `constructor` or `prototype`, at any depth.
 *
 * @throws FormatError naming the path of the key.
 */
export function assertSafeConfig(value: unknown, path = 'config'): void {
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (forbidden.has(key)) throw new FormatError(`Invalid key "${key}" at ${path}: keys that reach prototypes are not allowed in a config.`);
    assertSafeConfig((value as Record<string, unknown>)[key], `${path}.${key}`);
  }
  // JSON.parse makes "__proto__" an own property, which Object.keys lists; literal objects cannot hide one.
}

/**
 * A layer from `{ className, config }`: looks the class up (never runs code
 * from the config) and calls its `fromConfig`.
 *
 * @throws FormatError for a malformed value or prototype keys; ConfigError for an unknown class.
 * @example
 * ```ts
 * const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(dense))));
 * ```
 */
export function deserializeLayer(value: SerializedLayer, options: { registry?: LayerRegistry } = {}): Layer {
  if (value === null || typeof value !== 'object' || typeof value.className !== 'string' || value.config === null || typeof value.config !== 'object') {
    throw new FormatError(`Invalid serialized layer: expected { className: string, config: object }, received ${describeValue(value)}.`);
  }
  assertSafeConfig(value.config);
  return getLayerClass(value.className, options.registry).fromConfig(value.config);
}
