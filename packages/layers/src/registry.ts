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
