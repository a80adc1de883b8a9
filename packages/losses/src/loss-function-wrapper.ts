import type { Tensor } from '@dl/tensor';
import { Loss, type LossArgs } from './loss';

/** A loss function: labels and predictions in, per-sample values out. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Turns a plain loss function into a {@link Loss} with reductions and sample
 * weights (Keras' `LossFunctionWrapper`). A wrapped function cannot be
 * serialized by name unless its wrapper class is registered.
 *
 * @example
 * ```ts
 * const loss = new LossFunctionWrapper((t, p) => mean(abs(sub(p, t)), -1), { name: 'my_mae' });
 * loss.apply(yTrue, yPred);
 * ```
 */
export class LossFunctionWrapper extends Loss {
  static override readonly className = 'LossFunctionWrapper';
  readonly fn: LossFunction;
  constructor(fn: LossFunction, args: LossArgs = {}) {
    super(args, fn.name === '' ? 'loss' : fn.name);
    this.fn = fn;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.fn(yTrue, yPred);
  }
}
