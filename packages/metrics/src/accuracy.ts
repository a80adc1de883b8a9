import { cast, equal, tidy, type Tensor } from '@dl/tensor';
import { MeanMetricWrapper } from './mean-metric-wrapper';
import type { MetricArgs } from './metric';
import { sameShape } from './utils';

/**
 * Whether each prediction equals its label exactly (1 or 0), Keras' `accuracy`.
 *
 * @throws ShapeError when the shapes differ.
 * @example
 * ```ts
 * accuracy(tensor1d([1, 2, 3]), tensor1d([1, 2, 4])); // [1, 1, 0]
 * ```
 */
export function accuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [t, p] = sameShape(yTrue, yPred, 'accuracy');
    return cast(equal(t, p), 'float32');
  });
}

/**
 * How often predictions equal labels exactly (Keras' `Accuracy`). For the
 * string `'accuracy'` in a model, see `resolveAccuracy`, which picks binary,
 * categorical or sparse categorical accuracy.
 *
 * @example
 * ```ts
 * const m = new Accuracy();
 * m.updateState(tensor1d([1, 2, 3, 4]), tensor1d([0, 2, 3, 4]));
 * await m.readResult(); // 0.75
 * ```
 */
export class Accuracy extends MeanMetricWrapper {
  static override readonly className: string = 'Accuracy';
  constructor(args: MetricArgs = {}) {
    super(accuracy, { name: args.name ?? 'accuracy' });
  }
}
