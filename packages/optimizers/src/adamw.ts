import { ConfigError } from '@dl/tensor';
import { Adam, type AdamArgs } from './adam';

/**
 * Adam with decoupled weight decay (Keras' `AdamW`): Adam's update, after
 * `w -= w * weightDecay * lr`. Default learning rate 0.001, weight decay 0.004.
 *
 * @throws ConfigError when `weightDecay` is null or an argument is out of range.
 * @example
 * ```ts
 * const opt = new AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
 * opt.excludeFromWeightDecay({ names: ['bias'] });
 * ```
 */
export class AdamW extends Adam {
  static override readonly className: string = 'AdamW';

  constructor(args: AdamArgs = {}) {
    if (args.weightDecay === null) {
      throw new ConfigError('Invalid `weightDecay` for AdamW: expected a number >= 0, received null. Use Adam for no weight decay.');
    }
    super({ ...args, weightDecay: args.weightDecay ?? 0.004 });
  }
}
