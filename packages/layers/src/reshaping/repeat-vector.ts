import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { positiveInt, type Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';

/**
 * Keras' RepeatVector: repeats each sample's vector `n` times.
 *
 * Input shape: `(batch, features)`. Output shape: `(batch, n, features)`.
 *
 * @param n Repetitions (a positive integer).
 * @throws ConfigError for a bad `n`.
 * @example
 * ```ts
 * new RepeatVector(3).apply(ones([2, 4])).shape; // [2, 3, 4]
 * ```
 */
export class RepeatVector extends Layer {
  static override readonly className = 'RepeatVector';
  readonly n: number;

  constructor(n: number, args: LayerArgs = {}) {
    super(args);
    this.n = positiveInt(n, 'n', this.label);
    this.inputSpec = { ndim: 2 };
  }

  override call(x: Tensor): Tensor {
    return dl.tile(dl.expandDims(x, 1), [1, this.n, 1]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), n: this.n };
  }

  static override fromConfig(config: LayerConfig): RepeatVector {
    return new RepeatVector(config['n'] as number, config as LayerArgs);
  }
}
