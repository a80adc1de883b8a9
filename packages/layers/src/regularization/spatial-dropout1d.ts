import type { LayerArgs, LayerConfig } from '../engine/layer';
import { Dropout } from './dropout';

/** The options of SpatialDropout1D and SpatialDropout2D. */
export interface SpatialDropoutArgs extends LayerArgs {
  /** A seed for this layer's masks; default: `setSeed`'s stream. */
  seed?: number | null;
  /** SpatialDropout2D only: where the channels are, `channelsLast` (default) or `channelsFirst`. */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/** Drops `noiseShape` from a Dropout config: spatial dropouts fix it. */
export function spatialConfig(config: LayerConfig): LayerConfig {
  const { noiseShape: _fixed, ...rest } = config;
  return rest as LayerConfig;
}

/**
 * Keras' SpatialDropout1D: Dropout of whole feature maps. In training, each
 * channel of each sample is dropped for every time step at once (mask shape
 * `(batch, 1, channels)`), scaled by `1 / (1 - rate)`; outside training it is
 * the identity. For adjacent time steps that are strongly correlated, where
 * ordinary dropout barely regularizes.
 *
 * Input shape: `(batch, steps, channels)`. Output shape: the same. Weights: none.
 *
 * @param rate The fraction of channels to drop, in [0, 1].
 * @throws ConfigError for a rate outside [0, 1]; ShapeError for an input that is not of rank 3.
 * @example
 * ```ts
 * const y = new SpatialDropout1D(0.5).apply(ones([2, 5, 4]), { training: true });
 * ```
 */
export class SpatialDropout1D extends Dropout {
  static override readonly className = 'SpatialDropout1D';

  constructor(rate: number, args: SpatialDropoutArgs = {}) {
    const { dataFormat: _unused, ...rest } = args;
    super(rate, rest);
    this.inputSpec = { ndim: 3 };
  }

  protected override noiseShapeFor(shape: number[]): number[] {
    return [shape[0]!, 1, shape[2]!];
  }

  override getConfig(): LayerConfig {
    return spatialConfig(super.getConfig());
  }
}
