/**
 * @dl/losses: Keras' losses for dl, as functions (per-sample values) and as
 * classes (weighted and reduced), with `fromLogits`, `labelSmoothing`,
 * `reduction`, `axis`, `ignoreClass` and sample weights, numerically stable
 * logit paths and Keras' clipping epsilon (1e-7).
 *
 * @example
 * ```ts
 * import { BinaryCrossentropy } from '@dl/losses';
 * import { tensor2d, readScalar } from '@dl/tensor';
 * const loss = new BinaryCrossentropy({ fromLogits: true });
 * console.log(await readScalar(loss.apply(tensor2d([[1], [0]]), tensor2d([[2], [-2]])))); // 0.1269
 * ```
 * @packageDocumentation
 */
export { Loss, reduceWeightedValues, type LossArgs, type LossConfig, type MaskedValues, type Reduction, type ReduceOptions } from './loss';
export { LossFunctionWrapper, type LossFunction } from './loss-function-wrapper';
export { EPSILON, squeezeOrExpand } from './utils';
export { checkSparseLabels, type CheckSparseLabelsOptions } from './sparse-labels';
export { get, serialize, deserialize, registerLoss, type LossClass, type SerializedLoss } from './registry';

export { meanSquaredError, MeanSquaredError } from './mean-squared-error';
export { meanAbsoluteError, MeanAbsoluteError } from './mean-absolute-error';
export { meanAbsolutePercentageError, MeanAbsolutePercentageError } from './mean-absolute-percentage-error';
export { meanSquaredLogarithmicError, MeanSquaredLogarithmicError } from './mean-squared-logarithmic-error';
export { huber, Huber, type HuberArgs, type HuberOptions } from './huber';
export { logCosh, LogCosh } from './log-cosh';
export {
  binaryCrossentropy, BinaryCrossentropy, type BinaryCrossentropyArgs, type BinaryCrossentropyOptions,
} from './binary-crossentropy';
export {
  categoricalCrossentropy, CategoricalCrossentropy, type CategoricalCrossentropyArgs, type CategoricalCrossentropyOptions,
} from './categorical-crossentropy';
export {
  sparseCategoricalCrossentropy, SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyArgs, type SparseCategoricalCrossentropyOptions,
} from './sparse-categorical-crossentropy';
export { kullbackLeiblerDivergence, KLDivergence } from './kullback-leibler-divergence';
export { poisson, Poisson } from './poisson';
export { hinge, Hinge } from './hinge';
export { squaredHinge, SquaredHinge } from './squared-hinge';
export { categoricalHinge, CategoricalHinge } from './categorical-hinge';
export { cosineSimilarity, CosineSimilarity, type CosineSimilarityArgs, type CosineSimilarityOptions } from './cosine-similarity';
export {
  binaryFocalCrossentropy, BinaryFocalCrossentropy, type BinaryFocalCrossentropyArgs, type BinaryFocalCrossentropyOptions,
} from './binary-focal-crossentropy';
export {
  categoricalFocalCrossentropy, CategoricalFocalCrossentropy,
  type CategoricalFocalCrossentropyArgs, type CategoricalFocalCrossentropyOptions,
} from './categorical-focal-crossentropy';
