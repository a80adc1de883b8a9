import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { numberIn, type Shape } from '../engine/checks';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig } from '../engine/layer';
import { LayerSeed, seedArg } from './random';

/** The options of GaussianNoise and GaussianDropout. */
export interface GaussianArgs extends LayerArgs {
  /** A seed for this layer's noise (a fixed sequence of draws); default: `setSeed`'s stream. */
  seed?: number | null;
}

/**
 * Keras' GaussianNoise: in training, adds zero-centered normal noise of
 * standard deviation `stddev` to the input (a regularizer, and a form of
 * data augmentation); outside training it is the identity. Masks pass through.
 *
 * Input shape: any. Output shape: the same. Weights: none.
 *
 * @param stddev The noise's standard deviation, in [0, 1] as Keras 3 requires.
 * @throws ConfigError for `stddev` outside [0, 1] or a bad `seed`.
 * @example
 * ```ts
 * const y = new GaussianNoise(0.1, { seed: 3 }).apply(ones([2, 3]), { training: true });
 * ```
 */
export class GaussianNoise extends Layer {
  static override readonly className = 'GaussianNoise';
  readonly stddev: number;
  readonly seed: number | null;
  private readonly seeds: LayerSeed;

  constructor(stddev: number, args: GaussianArgs = {}) {
    super(args);
    this.stddev = numberIn(stddev, 'stddev', this.label, 0, 1);
    this.seed = seedArg(args.seed, this.label);
    this.seeds = new LayerSeed(this.seed);
    this.supportsMasking = true;
  }

  override call(x: Tensor, { training }: CallOptions): Tensor {
    if (!training || this.stddev === 0) return dl.clone(x);
    return dl.tidy(() => dl.add(x, dl.randomNormal(x.shape, 0, this.stddev, 'float32', this.seeds.next())));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }

  static override fromConfig(config: LayerConfig): GaussianNoise {
    return new GaussianNoise(config['stddev'] as number, config as GaussianArgs);
  }
}
