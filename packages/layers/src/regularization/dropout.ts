import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { formatShape, numberIn, type Shape } from '../engine/checks';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig } from '../engine/layer';
import { LayerSeed, seedArg } from './random';

/** Dropout's options. */
export interface DropoutArgs extends LayerArgs {
  /** The shape of the keep/drop mask, broadcast over the input; `null` entries take the input's size (`[null, 1, null]` drops whole time steps' features alike). Default: the input's shape. */
  noiseShape?: Shape | null;
  /** A seed for this layer's masks (a fixed sequence of masks); default: `setSeed`'s stream. */
  seed?: number | null;
}

/**
 * Keras' Dropout: in training, sets each input unit to 0 with probability
 * `rate` and scales the others by `1 / (1 - rate)` (inverted dropout), so
 * the expected sum is unchanged; outside training it is the identity.
 * Masks pass through.
 *
 * Input shape: any. Output shape: the same. Weights: none.
 *
 * @param rate The fraction of units to drop, in [0, 1] (1 drops everything).
 * @throws ConfigError for a rate outside [0, 1], a bad `noiseShape` or `seed`; ShapeError when `noiseShape` does not fit the input.
 * @example
 * ```ts
 * const drop = new Dropout(0.5, { seed: 1 });
 * drop.apply(ones([2, 4]));                     // the input (inference)
 * drop.apply(ones([2, 4]), { training: true }); // zeros and twos
 * ```
 */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  readonly rate: number;
  readonly noiseShape: Shape | null;
  readonly seed: number | null;
  protected readonly seeds: LayerSeed;

  constructor(rate: number, args: DropoutArgs = {}) {
    super(args);
    const who = this.label;
    this.rate = numberIn(rate, 'rate', who, 0, 1);
    const ns = args.noiseShape ?? null;
    const okShape = ns === null || (Array.isArray(ns) && ns.every((d) => d === null || (Number.isInteger(d) && (d as number) > 0)));
    if (!okShape) throw new ConfigError(`Invalid \`noiseShape\` for ${who}: expected an array of positive integers or null, received ${describeValue(ns)}.`);
    this.noiseShape = ns === null ? null : [...ns];
    this.seed = seedArg(args.seed, who);
    this.seeds = new LayerSeed(this.seed);
    this.supportsMasking = true;
  }

  /** The mask's shape for an input of this shape (null entries filled in). */
  protected noiseShapeFor(shape: number[]): number[] {
    if (this.noiseShape === null) return shape;
    if (this.noiseShape.length !== shape.length) {
      throw new ShapeError(`Invalid input to ${this.label}: \`noiseShape\` ${formatShape(this.noiseShape)} expects inputs of rank ${this.noiseShape.length}, received shape ${formatShape(shape)}.`);
    }
    return this.noiseShape.map((d, i) => d ?? shape[i]!);
  }

  override call(x: Tensor, { training }: CallOptions): Tensor {
    if (!training || this.rate === 0) return dl.clone(x);
    if (this.rate === 1) return dl.zerosLike(x);
    return dl.dropout(x, this.rate, this.noiseShapeFor(x.shape), this.seeds.next());
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
  }

  static override fromConfig(config: LayerConfig): Dropout {
    return new this(config['rate'] as number, config as DropoutArgs);
  }
}
