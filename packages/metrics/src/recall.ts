import { add, divNoNan, tidy, type Tensor } from '@dl/tensor';
import { Precision, type PrecisionArgs } from './precision';

/**
 * Recall, `tp / (tp + fn)`, exact over every sample since the last reset
 * (Keras' `Recall`), not an average of batch recalls. Takes the options of
 * {@link Precision}.
 *
 * @throws ConfigError for thresholds that are not finite numbers in [0, 1].
 * @example
 * ```ts
 * const m = new Recall();
 * m.updateState(tensor1d([0, 1, 1, 1]), tensor1d([1, 0, 1, 1]));
 * await m.readResult(); // 0.6667
 * ```
 */
export class Recall extends Precision {
  static override readonly className = 'Recall';
  constructor(args: PrecisionArgs = {}) {
    super(args, 'recall');
  }

  /** The recall; a vector with one value per threshold when several were given. */
  override result(): Tensor {
    return tidy(() => this.shape(divNoNan(this.truePositives, add(this.truePositives, this.falseNegatives))));
  }
}
