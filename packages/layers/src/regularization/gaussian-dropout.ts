import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { numberIn, type Shape } from '../engine/checks';
import { Layer, type CallOptions, type LayerConfig } from '../engine/layer';
import type { GaussianArgs } from './gaussian-noise';
import { LayerSeed, seedArg } from './random';

/**
 * Keras' GaussianDropout: in training, multiplies the input by normal noise
 * of mean 1 and standard deviation `sqrt(rate / (1 - rate))` (the mean is
 * preserved); outside training it is the identity. Masks pass through.
 *
 * Input shape: any. Output shape: the same. Weights: none.
 *
 * @param rate The drop probability of the equivalent Dropout, in [0, 1). (Keras accepts 1, whose noise is infinite.)
 * @throws ConfigError for a rate outside [0, 1) or a bad `seed`.
 * @example
 * ```ts
 * const y = new GaussianDropout(0.2).apply(ones([2, 3]), { training: true });
 * ```
 */
export class GaussianDropout extends Layer {
  static override readonly className = 'GaussianDropout';
  readonly rate: number;
  readonly seed: number | null;
  private readonly seeds: LayerSeed;

  constructor(rate: number, args: GaussianArgs = {}) {
    super(args);
    this.rate = numberIn(rate, 'rate', this.label, 0, 1, true);
    this.seed = seedArg(args.seed, this.label);
    this.seeds = new LayerSeed(this.seed);
    this.supportsMasking = true;
  }

  override call(x: Tensor, { training }: CallOptions): Tensor {
    if (!training || this.rate === 0) return dl.clone(x);
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return dl.tidy(() => dl.mul(x, dl.randomNormal(x.shape, 1, stddev, 'float32', this.seeds.next())));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }

  static override fromConfig(config: LayerConfig): GaussianDropout {
    return new GaussianDropout(config['rate'] as number, config as GaussianArgs);
  }
}
