import { ConfigError, describeValue } from '@dl/tensor';
import { Loss, get as getLoss, type SerializedLoss } from '@dl/losses';
import { AUC } from './auc';
import { Accuracy } from './accuracy';
import { BinaryAccuracy } from './binary-accuracy';
import { CategoricalAccuracy } from './categorical-accuracy';
import { F1Score } from './f1-score';
import { FBetaScore } from './f-beta-score';
import { Mean } from './mean';
import { MeanMetricWrapper } from './mean-metric-wrapper';
import { Metric, type MetricConfig } from './metric';
import { Precision } from './precision';
import { R2Score } from './r2-score';
import { Recall } from './recall';
import {
  MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, RootMeanSquaredError,
} from './regression-metrics';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy';
import { SparseTopKCategoricalAccuracy } from './sparse-top-k-categorical-accuracy';
import { Sum } from './sum';
import { TopKCategoricalAccuracy } from './top-k-categorical-accuracy';

/** A metric class that can be built from its config. */
export interface MetricClass {
  new (config?: never): Metric;
  readonly className: string;
}

/** A metric as JSON. */
export interface SerializedMetric {
  className: string;
  config: MetricConfig;
}

const BUILTINS: ReadonlyArray<readonly [MetricClass, readonly string[]]> = [
  [Accuracy, []],
  [BinaryAccuracy, ['binaryAccuracy', 'binary_accuracy']],
  [CategoricalAccuracy, ['categoricalAccuracy', 'categorical_accuracy']],
  [SparseCategoricalAccuracy, ['sparseCategoricalAccuracy', 'sparse_categorical_accuracy']],
  [TopKCategoricalAccuracy, ['topKCategoricalAccuracy', 'top_k_categorical_accuracy']],
  [SparseTopKCategoricalAccuracy, ['sparseTopKCategoricalAccuracy', 'sparse_top_k_categorical_accuracy']],
  [Precision, ['precision']],
  [Recall, ['recall']],
  [AUC, ['auc']],
  [F1Score, ['f1Score', 'f1_score']],
  [FBetaScore, ['fBetaScore', 'fbeta_score']],
  [MeanSquaredError, ['meanSquaredError', 'mean_squared_error', 'mse', 'MSE']],
  [MeanAbsoluteError, ['meanAbsoluteError', 'mean_absolute_error', 'mae', 'MAE']],
  [MeanAbsolutePercentageError, ['meanAbsolutePercentageError', 'mean_absolute_percentage_error', 'mape', 'MAPE']],
  [RootMeanSquaredError, ['rootMeanSquaredError', 'root_mean_squared_error', 'rmse']],
  [R2Score, ['r2Score', 'r2_score']],
  [Mean, ['mean']],
  [Sum, ['sum']],
];

const registered = new Map<string, MetricClass>();

function builtin(name: string): MetricClass | undefined {
  for (const [cls, aliases] of BUILTINS) if (cls.className === name || aliases.includes(name)) return cls;
  return undefined;
}

/**
 * Registers a custom metric class so that {@link get} and {@link deserialize}
 * find it by its `className` (and aliases).
 *
 * @throws ConfigError when a name is a built-in metric's.
 * @example
 * ```ts
 * registerMetric(CountPositives, { aliases: ['count_positives'] });
 * ```
 */
export function registerMetric(cls: MetricClass, options: { aliases?: readonly string[] } = {}): void {
  if (!cls.className || cls.className === 'Metric') {
    throw new ConfigError('Invalid metric class for registerMetric: expected a subclass of Metric with its own static `className`, received one without.');
  }
  const names = [cls.className, ...(options.aliases ?? [])];
  for (const n of names) {
    if (builtin(n) !== undefined || n === 'accuracy' || n === 'acc') {
      throw new ConfigError(`Invalid name for registerMetric: expected a name that no built-in metric uses, received ${describeValue(n)}.`);
    }
  }
  for (const n of names) registered.set(n, cls);
}

/** What `'accuracy'` is resolved from: the model's loss and/or the shapes of labels and predictions. */
export interface AccuracyContext {
  /** The loss the model is compiled with (a name or a `Loss`). */
  loss?: string | Loss;
  /** The labels' shape (e.g. `[null, 1]` or `[32]`); `null` for an unknown batch size. */
  yTrueShape?: ReadonlyArray<number | null>;
  /** The predictions' shape. */
  yPredShape?: ReadonlyArray<number | null>;
}

const BINARY_LOSSES = new Set(['BinaryCrossentropy', 'BinaryFocalCrossentropy', 'Hinge', 'SquaredHinge']);
const CATEGORICAL_LOSSES = new Set(['CategoricalCrossentropy', 'CategoricalFocalCrossentropy', 'CategoricalHinge', 'KLDivergence']);

/**
 * Resolves the string `'accuracy'` (or `'acc'`) the way Keras and tfjs-layers
 * do: from the loss first (binary losses give `BinaryAccuracy`, sparse
 * categorical crossentropy `SparseCategoricalAccuracy`, categorical losses
 * `CategoricalAccuracy`), else from shapes as Keras 3's compile does (a last
 * prediction axis of 1 is binary; labels of lower rank, or with a last axis of
 * 1 against several classes, are sparse; otherwise categorical).
 *
 * @throws ConfigError when neither a known loss nor both shapes are given.
 * @example
 * ```ts
 * resolveAccuracy({ loss: 'sparse_categorical_crossentropy' }); // a SparseCategoricalAccuracy named 'accuracy'
 * ```
 */
export function resolveAccuracy(context: AccuracyContext, name = 'accuracy'): Metric {
  const loss = context.loss === undefined ? undefined : getLoss(context.loss);
  if (loss !== undefined) {
    if (BINARY_LOSSES.has(loss.className)) return new BinaryAccuracy({ name });
    if (loss.className === 'SparseCategoricalCrossentropy') return new SparseCategoricalAccuracy({ name });
    if (CATEGORICAL_LOSSES.has(loss.className)) return new CategoricalAccuracy({ name });
  }
  const { yTrueShape: t, yPredShape: p } = context;
  if (t === undefined || p === undefined) {
    throw new ConfigError(
      `Cannot resolve "${name}": expected a classification loss or the shapes of \`yTrue\` and \`yPred\`, received loss ${loss === undefined ? 'undefined' : `"${loss.name}"`} and no shapes. Name the metric instead (e.g. "binaryAccuracy").`,
    );
  }
  const pLast = p[p.length - 1];
  const tLast = t[t.length - 1];
  if (pLast === 1) return new BinaryAccuracy({ name });
  if (t.length < p.length || (tLast === 1 && pLast !== 1)) return new SparseCategoricalAccuracy({ name });
  return new CategoricalAccuracy({ name });
}

/**
 * Resolves a metric: a name (`'auc'`, `'f1_score'`, `'mse'`, a class name, a
 * registered name, or any loss name, which gives that loss as a metric), a
 * serialized metric, or a `Metric` (returned as is). `'accuracy'` needs a
 * context; see {@link resolveAccuracy}.
 *
 * @throws ConfigError for an unknown name.
 * @example
 * ```ts
 * get('sparse_top_k_categorical_accuracy'); // k = 5
 * get('binary_crossentropy');               // binary crossentropy as a metric
 * get('accuracy', { loss: 'binaryCrossentropy' }); // a BinaryAccuracy
 * ```
 */
export function get(identifier: string | Metric | SerializedMetric, context?: AccuracyContext): Metric {
  if (identifier instanceof Metric) return identifier;
  if (typeof identifier === 'string') {
    if (identifier === 'accuracy' || identifier === 'acc') {
      return context === undefined ? new Accuracy({ name: identifier }) : resolveAccuracy(context, identifier);
    }
    const cls = registered.get(identifier) ?? builtin(identifier);
    if (cls !== undefined) return new cls();
    try {
      return new MeanMetricWrapper(getLoss(identifier));
    } catch {
      throw new ConfigError(`Unknown metric ${describeValue(identifier)}: expected a metric name (${BUILTINS.map(([c]) => c.className).join(', ')}), a loss name, or a name given to registerMetric.`);
    }
  }
  if (identifier !== null && typeof identifier === 'object' && typeof identifier.className === 'string') return deserialize(identifier);
  throw new ConfigError(`Invalid metric: expected a name, a Metric or { className, config }, received ${describeValue(identifier)}.`);
}

/** A metric as JSON (`{ className, config }`). */
export function serialize(metric: Metric): SerializedMetric {
  return { className: metric.className, config: metric.getConfig() };
}

/**
 * Rebuilds a metric from {@link serialize}'s JSON (classes from the built-in
 * and registered ones; a wrapped loss from the losses' registry).
 *
 * @throws ConfigError for an unknown class.
 */
export function deserialize(serialized: SerializedMetric): Metric {
  if (serialized.className === 'MeanMetricWrapper' && serialized.config['loss'] !== undefined) {
    return new MeanMetricWrapper(serialized.config['loss'] as SerializedLoss, { name: serialized.config.name });
  }
  const cls = registered.get(serialized.className) ?? builtin(serialized.className);
  if (cls === undefined) {
    throw new ConfigError(`Unknown metric class ${describeValue(serialized.className)}: expected a built-in metric or one given to registerMetric.`);
  }
  return new cls(serialized.config as never);
}
