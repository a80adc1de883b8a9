import { ConfigError, FormatError, describeValue } from '@dl/tensor';
import { Activation } from './core/activation';
import { Dense } from './core/dense';
import { Embedding } from './core/embedding';
import { Identity } from './core/identity';
import { Lambda } from './core/lambda';
import { Masking } from './core/masking';
import { InputLayer } from './engine/input-layer';
import { Layer, type LayerConfig } from './engine/layer';
import { Conv1D } from './convolutional/conv1d';
import { Conv2D } from './convolutional/conv2d';
import { Conv2DTranspose } from './convolutional/conv2d-transpose';
import { DepthwiseConv2D } from './convolutional/depthwise-conv2d';
import { SeparableConv2D } from './convolutional/separable-conv2d';
import { AveragePooling1D } from './pooling/average-pooling1d';
import { AveragePooling2D } from './pooling/average-pooling2d';
import { GlobalAveragePooling1D } from './pooling/global-average-pooling1d';
import { GlobalAveragePooling2D } from './pooling/global-average-pooling2d';
import { GlobalMaxPooling1D } from './pooling/global-max-pooling1d';
import { GlobalMaxPooling2D } from './pooling/global-max-pooling2d';
import { MaxPooling1D } from './pooling/max-pooling1d';
import { MaxPooling2D } from './pooling/max-pooling2d';
import { Cropping1D } from './reshaping/cropping1d';
import { Cropping2D } from './reshaping/cropping2d';
import { Bidirectional } from './recurrent/bidirectional';
import { GRU } from './recurrent/gru';
import { GRUCell } from './recurrent/gru-cell';
import { LSTM } from './recurrent/lstm';
import { LSTMCell } from './recurrent/lstm-cell';
import { RNN } from './recurrent/rnn';
import { SimpleRNN } from './recurrent/simple-rnn';
import { SimpleRNNCell } from './recurrent/simple-rnn-cell';
import { TimeDistributed } from './recurrent/time-distributed';
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
import { UpSampling1D } from './reshaping/up-sampling1d';
import { UpSampling2D } from './reshaping/up-sampling2d';
import { ZeroPadding1D } from './reshaping/zero-padding1d';
import { ZeroPadding2D } from './reshaping/zero-padding2d';

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
    Conv1D, Conv2D, Conv2DTranspose, SeparableConv2D, DepthwiseConv2D,
    MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D,
    GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D,
    ZeroPadding1D, ZeroPadding2D, Cropping1D, Cropping2D, UpSampling1D, UpSampling2D,
    RNN, SimpleRNN, LSTM, GRU, SimpleRNNCell, LSTMCell, GRUCell, Bidirectional, TimeDistributed,
  ];
}

// Classes given to registerLayer; the built-in ones, once linked (the map is made on first use).
const registered = new Map<string, LayerClass>();
let builtInSource: (() => LayerClass[]) | undefined;
let builtIns: ReadonlyMap<string, LayerClass> | undefined;

function linkBuiltIns(source: () => LayerClass[]): () => LayerClass[] {
  builtInSource = source;
  return source;
}

function builtInClasses(): ReadonlyMap<string, LayerClass> | undefined {
  if (builtIns === undefined && builtInSource !== undefined) builtIns = new Map(builtInSource().map((c) => [c.className, c]));
  return builtIns;
}

// Links the built-in classes when this module loads. Marked pure on purpose: a bundler
// keeps it, and with it every layer class, only in a bundle that contains a by-name lookup
// (getLayerClass, deserializeLayer, registeredLayers, registerBuiltInLayers, and so
// @dl/models' modelFromJSON and loadModel). A bundle that only constructs layers has none
// of them and keeps just the layers it uses. Node loads all of it: always linked.
const BUILT_INS = /* @__PURE__ */ linkBuiltIns(builtInLayers);

/**
 * Makes the built-in layer classes known to lookups that do not link them
 * themselves ({@link deserializeRegisteredLayer}, and so `Sequential.fromConfig`
 * and `Model.fromConfig` in @dl/models). They are known already in Node and in
 * any bundle that uses `getLayerClass`, `deserializeLayer`, `registeredLayers`,
 * `modelFromJSON` or `loadModel`; a bundle that calls `fromConfig` on its own
 * calls this once first. Idempotent.
 *
 * @example
 * ```ts
 * registerBuiltInLayers();
 * const model = Sequential.fromConfig(config); // may name any built-in layer
 * ```
 */
export function registerBuiltInLayers(): void {
  builtInSource = BUILT_INS;
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
  registered.set(cls.className, cls);
}

function known(): string[] {
  return [...new Set([...(builtInClasses()?.keys() ?? []), ...registered.keys()])];
}

function findClass(className: string, extra: LayerRegistry | undefined): LayerClass {
  const fromExtra = extra === undefined ? undefined : extra instanceof Map ? extra.get(className) : Object.prototype.hasOwnProperty.call(extra, className) ? (extra as Record<string, LayerClass>)[className] : undefined;
  const cls = fromExtra ?? registered.get(className) ?? builtInClasses()?.get(className);
  if (cls === undefined) {
    const names = [...known(), ...(extra === undefined ? [] : extra instanceof Map ? [...extra.keys()] : Object.keys(extra))];
    const unlinked = builtInSource === undefined ? ' This bundle does not include the built-in layers: call registerBuiltInLayers() once first.' : '';
    throw new ConfigError(`Unknown layer class ${describeValue(className)}; registered: ${[...new Set(names)].sort().join(', ') || 'none'}. Register it with registerLayer(cls) or pass a registry.${unlinked}`);
  }
  return cls;
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
  registerBuiltInLayers();
  return findClass(className, extra);
}

/** Every registered class name, sorted. @example `registeredLayers().includes('Dense') // true` */
export function registeredLayers(): string[] {
  registerBuiltInLayers();
  return known().sort();
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

function deserializeWith(value: SerializedLayer, lookup: (className: string) => LayerClass): Layer {
  if (value === null || typeof value !== 'object' || typeof value.className !== 'string' || value.config === null || typeof value.config !== 'object') {
    throw new FormatError(`Invalid serialized layer: expected { className: string, config: object }, received ${describeValue(value)}.`);
  }
  assertSafeConfig(value.config);
  return lookup(value.className).fromConfig(value.config);
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
  registerBuiltInLayers();
  return deserializeWith(value, (name) => findClass(name, options.registry));
}

/**
 * {@link deserializeLayer} for library code that must not pull every layer
 * class into a bundle: the built-in classes are found once they are known
 * (always in Node; in a bundle, see {@link registerBuiltInLayers}), besides
 * `registry` and the classes given to `registerLayer`. `Sequential.fromConfig`
 * and `Model.fromConfig` use it.
 *
 * @throws FormatError for a malformed value or prototype keys; ConfigError for an
 *   unknown class (saying when the built-in layers are not in the bundle).
 * @example
 * ```ts
 * const layer = deserializeRegisteredLayer(json, { registry: { Scale } });
 * ```
 */
export function deserializeRegisteredLayer(value: SerializedLayer, options: { registry?: LayerRegistry } = {}): Layer {
  return deserializeWith(value, (name) => findClass(name, options.registry));
}
