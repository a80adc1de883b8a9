/**
 * @dl/metrics: Keras' stateful metrics for dl. State lives in device variables;
 * `updateState` adds a batch with ops only (no device-to-host read), `result()`
 * is a tensor, `readResult()` reads it asynchronously, `resetState()` starts an
 * epoch over. Precision, recall, AUC, F-scores and R² are exact over all the
 * samples seen, not averages of batch values.
 *
 * @example
 * ```ts
 * import { AUC } from '@dl/metrics';
 * const auc = new AUC();
 * for (const [y, p] of batches) auc.updateState(y, p);
 * console.log(await auc.readResult());
 * ```
 * @packageDocumentation
 */
export { Metric, type AddWeightOptions, type MetricArgs, type MetricConfig } from './metric';
export { Mean } from './mean';
export { Sum } from './sum';
export { MeanMetricWrapper, type MetricFunction } from './mean-metric-wrapper';
export { accuracy, Accuracy } from './accuracy';
export { binaryAccuracy, BinaryAccuracy, type BinaryAccuracyArgs } from './binary-accuracy';
export { categoricalAccuracy, CategoricalAccuracy } from './categorical-accuracy';
export { sparseCategoricalAccuracy, SparseCategoricalAccuracy } from './sparse-categorical-accuracy';
export { topKCategoricalAccuracy, TopKCategoricalAccuracy } from './top-k-categorical-accuracy';
export { sparseTopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, type TopKArgs } from './sparse-top-k-categorical-accuracy';
export { Precision, type PrecisionArgs } from './precision';
export { Recall } from './recall';
export { AUC, type AUCArgs } from './auc';
export { FBetaScore, type FBetaScoreArgs, type FScoreAverage } from './f-beta-score';
export { F1Score, type F1ScoreArgs } from './f1-score';
export { MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, RootMeanSquaredError } from './regression-metrics';
export { R2Score, type R2Aggregation, type R2ScoreArgs } from './r2-score';
export {
  get, serialize, deserialize, registerMetric, resolveAccuracy,
  type AccuracyContext, type MetricClass, type SerializedMetric,
} from './registry';
