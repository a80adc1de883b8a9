import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Scalar, type Tensor } from '@dl/tensor';
import { Loss, LossFunctionWrapper, get as getLoss, type LossFunction, type SerializedLoss } from '@dl/losses';
import { Mean, Metric, get as getMetric, type SerializedMetric } from '@dl/metrics';
import { Optimizer, get as getOptimizer, type SerializedOptimizer } from '@dl/optimizers';

/** A loss as `compile` takes it: a name (`'binaryCrossentropy'`, `'mse'`), a Loss, or a function of (yTrue, yPred). */
export type LossIdentifier = string | Loss | LossFunction | SerializedLoss;
/** A metric as `compile` takes it: a name (`'accuracy'`, `'auc'`) or a Metric. */
export type MetricIdentifier = string | Metric | SerializedMetric;

/** `compile`'s arguments, as Keras' `compile(optimizer, loss, metrics, loss_weights)`. */
export interface CompileArgs {
  /** An optimizer or its name (`'rmsprop'`: Keras' defaults). Default `'rmsprop'`. */
  optimizer?: string | Optimizer | SerializedOptimizer;
  /** One loss for every output, one per output (array), or a record by output name. */
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  /** Metrics for every output (array), or per output (an array of arrays, or a record by output name). */
  metrics?: MetricIdentifier[] | MetricIdentifier[][] | Record<string, MetricIdentifier | MetricIdentifier[]>;
  /** Weights of the outputs' losses in the total (array or record). Default 1 each. */
  lossWeights?: number[] | Record<string, number>;
}

/** What `compile` resolved, per output. */
export interface Compiled {
  optimizer: Optimizer;
  /** True when compile made the optimizer (from a name or config), so the model frees it. */
  ownsOptimizer: boolean;
  losses: (Loss | null)[];
  lossWeights: number[];
  /** Metrics per output. */
  metrics: Metric[][];
  /** Their names in the logs: with the output's name as a prefix in multi-output models (`out_accuracy`). */
  metricNames: string[][];
  /** The total loss' tracker ("loss") and, with several outputs, one per output ("<output>_loss"). */
  lossTrackers: Mean[];
  /** The identifiers as given, for `getCompileConfig`. */
  config: CompileArgs;
}

function perOutput<T>(value: T | T[] | Record<string, T> | undefined, names: string[], what: string, who: string, isOne: (v: unknown) => boolean): (T | undefined)[] {
  if (value === undefined) return names.map(() => undefined);
  if (isOne(value)) return names.map(() => value as T);
  if (Array.isArray(value)) {
    if (value.length !== names.length) {
      throw new ConfigError(`Invalid \`${what}\` for ${who}: expected one per output (${names.length}: ${names.join(', ')}), received ${value.length}.`);
    }
    return value;
  }
  const record = value as Record<string, T>;
  const unknown = Object.keys(record).filter((k) => !names.includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(`Invalid \`${what}\` for ${who}: unknown output name(s) ${unknown.join(', ')}; the outputs are ${names.join(', ')}.`);
  }
  return names.map((n) => record[n]);
}

function resolveLoss(id: LossIdentifier, who: string): Loss {
  if (typeof id === 'function') return new LossFunctionWrapper(id as LossFunction, { name: id.name || 'loss' });
  try {
    return getLoss(id as string | Loss | SerializedLoss);
  } catch (e) {
    throw new ConfigError(`Invalid \`loss\` for ${who}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Resolves `compile`'s arguments against the model's output names and
 * shapes (for `'accuracy'`, which depends on the loss and shapes, as in Keras).
 */
export function resolveCompile(args: CompileArgs, outputNames: string[], outputShapes: (number | null)[][], who: string): Compiled {
  if (args === null || typeof args !== 'object') {
    throw new ConfigError(`Invalid arguments for ${who}.compile: expected { optimizer, loss, metrics }, received ${describeValue(args)}.`);
  }
  const optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
  const isLoss = (v: unknown) => typeof v === 'string' || typeof v === 'function' || v instanceof Loss || (v !== null && typeof v === 'object' && 'className' in (v as object));
  const lossIds = perOutput(args.loss, outputNames, 'loss', who, isLoss);
  const losses = lossIds.map((id) => (id === undefined ? null : resolveLoss(id, who)));
  if (losses.every((l) => l === null)) {
    throw new ConfigError(`Invalid \`loss\` for ${who}.compile: expected a loss for at least one output, received ${describeValue(args.loss)}.`);
  }
  const weights = perOutput(args.lossWeights, outputNames, 'lossWeights', who, (v) => typeof v === 'number').map((w) => w ?? 1);
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) throw new ConfigError(`Invalid \`lossWeights\` for ${who}.compile: expected non-negative numbers, received ${describeValue(w)}.`);
  }
  const multi = outputNames.length > 1;
  const m = args.metrics;
  let metricIds: (MetricIdentifier | MetricIdentifier[] | undefined)[];
  if (m === undefined) metricIds = outputNames.map(() => []);
  else if (Array.isArray(m) && m.every((x) => !Array.isArray(x))) metricIds = outputNames.map(() => m as MetricIdentifier[]);
  else metricIds = perOutput(m as MetricIdentifier[][] | Record<string, MetricIdentifier[]>, outputNames, 'metrics', who, () => false);
  const metrics = metricIds.map((ids, o) => {
    const list = ids === undefined ? [] : Array.isArray(ids) ? ids : [ids];
    return list.map((id) => {
      const lossName = losses[o]?.className;
      const metric = getMetric(id, {
        ...(lossName === undefined ? {} : { loss: lossName }),
        yPredShape: outputShapes[o]!,
        yTrueShape: outputShapes[o]!,
      });
      return metric;
    });
  });
  const metricNames = metrics.map((list, o) => list.map((metric) => (multi ? `${outputNames[o]}_${metric.name}` : metric.name)));
  const lossTrackers = [new Mean({ name: 'loss' })];
  if (multi) for (const n of outputNames) lossTrackers.push(new Mean({ name: `${n}_loss` }));
  const ownsOptimizer = !(args.optimizer instanceof Optimizer);
  return { optimizer, ownsOptimizer, losses, lossWeights: weights, metrics, metricNames, lossTrackers, config: args };
}

/**
 * The total loss: Σ weight × loss(yTrue, yPred, sampleWeight) over the
 * outputs that have a loss, plus the regularization losses. Also returns
 * each output's loss, for the per-output trackers.
 */
export function totalLoss(compiled: Compiled, ys: Tensor[], yPreds: Tensor[], sampleWeight: Tensor | undefined, regularization: Scalar[]): { total: Scalar; perOutput: Scalar[] } {
  const perOutput: Scalar[] = [];
  const terms: Scalar[] = [];
  compiled.losses.forEach((loss, i) => {
    if (loss === null) return;
    const value = loss.apply(ys[i]!, yPreds[i]!, sampleWeight) as Scalar;
    perOutput.push(value);
    const w = compiled.lossWeights[i]!;
    terms.push(w === 1 ? value : (dl.mul(value, w) as Scalar));
  });
  const all = [...terms, ...regularization];
  const total = (all.length === 1 ? all[0]! : dl.addN(all)) as Scalar;
  return { total, perOutput };
}
