import {
  ConfigError, add, broadcastTo, cast, describeValue, expandDims, gather, greater, mul, notEqual, oneHot, reshape, scalar,
  sub, sum, tensor1d, topk, where, type Tensor, type Variable,
} from '@dl/tensor';
import { checkPositiveInt, float, sameShape } from './utils';

/** Keras' stand-in for minus infinity in top-k filtering (`NEG_INF`). */
export const NEG_INF = -1e10;

/** The confusion-matrix counts a metric accumulates, one entry per threshold. */
export interface ConfusionVariables {
  truePositives?: Variable;
  falsePositives?: Variable;
  trueNegatives?: Variable;
  falseNegatives?: Variable;
}

/** Options of {@link updateConfusionMatrix}. */
export interface ConfusionOptions {
  thresholds: readonly number[];
  topK?: number | undefined;
  classId?: number | undefined;
  owner: string;
}

/** Checks thresholds: finite numbers (Keras also requires [0, 1], except its own end points). */
export function checkThresholds(value: unknown, owner: string, arg = 'thresholds'): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)) {
    throw new ConfigError(`Invalid \`${arg}\` for ${owner}: expected a finite number or a non-empty array of finite numbers in [0, 1], received ${describeValue(value)}.`);
  }
  return list as number[];
}

/** Checks `topK` and `classId`. */
export function checkTopKClassId(topK: unknown, classId: unknown, owner: string): void {
  if (topK !== undefined) checkPositiveInt(topK, 'topK', owner);
  if (classId !== undefined) checkPositiveInt(classId, 'classId', owner, 0);
}

/**
 * Adds a batch to true/false positive/negative counts per threshold (Keras'
 * `update_confusion_matrix_variables`, non-multi-label): a prediction is
 * positive above a threshold, a label is positive when it is not 0, and every
 * element counts with its sample's weight. Runs ops only; call inside tidy.
 *
 * @throws ShapeError when labels, predictions or weights do not fit.
 */
export function updateConfusionMatrix(
  vars: ConfusionVariables, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | undefined, options: ConfusionOptions,
): void {
  let [t, p] = sameShape(yTrue, yPred, options.owner);
  let w: Tensor | undefined;
  if (sampleWeight !== undefined) {
    w = float(sampleWeight);
    while (w.rank < p.rank) w = expandDims(w, -1);
    w = broadcastTo(w, p.shape);
  }
  if (options.topK !== undefined) {
    const classes = p.shape[p.rank - 1]!;
    const { indices } = topk(p, Math.min(options.topK, classes));
    const keep = sum(oneHot(indices, classes), -2);
    p = where(greater(keep, 0), p, scalar(NEG_INF));
  }
  if (options.classId !== undefined) {
    const ids = [options.classId];
    t = gather(t, ids, -1);
    p = gather(p, ids, -1);
    if (w !== undefined) w = gather(w, ids, -1);
  }
  const flatP = reshape(p, [1, -1]);
  const labelPos = cast(notEqual(reshape(t, [1, -1]), 0), 'float32');
  const weight = w === undefined ? undefined : reshape(w, [1, -1]);
  const thresholds = reshape(tensor1d(options.thresholds as number[]), [-1, 1]);
  const predPos = cast(greater(flatP, thresholds), 'float32'); // [T, N]
  const predNeg = sub(1, predPos);
  const labelNeg = sub(1, labelPos);
  const count = (a: Tensor, b: Tensor) => sum(weight === undefined ? mul(a, b) : mul(mul(a, b), weight), 1);
  const acc = (v: Variable | undefined, a: Tensor, b: Tensor) => { if (v !== undefined) v.assign(add(v, count(a, b))); };
  acc(vars.truePositives, predPos, labelPos);
  acc(vars.falsePositives, predPos, labelNeg);
  acc(vars.falseNegatives, predNeg, labelPos);
  acc(vars.trueNegatives, predNeg, labelNeg);
}
