import { div, maximum, mul, neg, sqrt, square, sum, tidy, type Tensor } from '@dl/tensor';
import { Loss, type LossArgs, type LossConfig } from './loss';
import { EPSILON, prepare, resolveAxis } from './utils';

/** Options of {@link cosineSimilarity}. */
export interface CosineSimilarityOptions {
  /** The axis along which similarity is computed; default -1. */
  axis?: number;
}

const normalize = (x: Tensor, axis: number) => div(x, maximum(sqrt(sum(square(x), axis, true)), EPSILON));

/**
 * Negative cosine similarity along `axis`: `-sum(l2normalize(yTrue) * l2normalize(yPred), axis)`,
 * between -1 (same direction) and 1 (opposite); a zero vector gives 0. Norms are
 * clamped at 1e-7 as in Keras' `normalize`.
 *
 * @param yTrue Labels, shape `[batch, ..., d]`.
 * @param yPred Predictions, the shape of `yTrue`.
 * @returns Per-sample values, the input shape without `axis`.
 * @throws ShapeError when the shapes differ; ConfigError for an axis out of range.
 * @example
 * ```ts
 * cosineSimilarity(tensor2d([[0, 1], [1, 1]]), tensor2d([[1, 0], [1, 1]])); // [0, -1]
 * ```
 */
export function cosineSimilarity(yTrue: Tensor, yPred: Tensor, options: CosineSimilarityOptions = {}): Tensor {
  return tidy(() => {
    const [t, p] = prepare(yTrue, yPred, 'cosineSimilarity');
    const axis = resolveAxis(options.axis ?? -1, t.rank, 'cosineSimilarity');
    return neg(sum(mul(normalize(t, axis), normalize(p, axis)), axis));
  });
}

/** Arguments of {@link CosineSimilarity}. */
export interface CosineSimilarityArgs extends LossArgs, CosineSimilarityOptions {}

/**
 * The class form of {@link cosineSimilarity} (Keras' `CosineSimilarity`).
 *
 * @example
 * ```ts
 * new CosineSimilarity({ axis: 1 }).apply(yTrue, yPred);
 * ```
 */
export class CosineSimilarity extends Loss {
  static override readonly className = 'CosineSimilarity';
  readonly axis: number;
  constructor(args: CosineSimilarityArgs = {}) {
    super(args, 'cosine_similarity');
    this.axis = args.axis ?? -1;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return cosineSimilarity(yTrue, yPred, { axis: this.axis });
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}
