import { oneOf } from '../engine/checks';
import type { LayerConfig } from '../engine/layer';
import { Dropout } from './dropout';
import { spatialConfig, type SpatialDropoutArgs } from './spatial-dropout1d';

/**
 * Keras' SpatialDropout2D: Dropout of whole 2D feature maps. In training,
 * each channel of each sample is dropped at every position at once (mask
 * shape `(batch, 1, 1, channels)`, or `(batch, channels, 1, 1)` for
 * `channelsFirst`), scaled by `1 / (1 - rate)`; outside training it is the
 * identity.
 *
 * Input shape: `(batch, rows, cols, channels)` (or `(batch, channels, rows, cols)`). Output shape: the same. Weights: none.
 *
 * @param rate The fraction of channels to drop, in [0, 1].
 * @throws ConfigError for a rate outside [0, 1] or a bad `dataFormat`; ShapeError for an input that is not of rank 4.
 * @example
 * ```ts
 * const y = new SpatialDropout2D(0.25, { seed: 7 }).apply(ones([1, 8, 8, 3]), { training: true });
 * ```
 */
export class SpatialDropout2D extends Dropout {
  static override readonly className = 'SpatialDropout2D';
  readonly dataFormat: 'channelsLast' | 'channelsFirst';

  constructor(rate: number, args: SpatialDropoutArgs = {}) {
    const { dataFormat, ...rest } = args;
    super(rate, rest);
    this.dataFormat = oneOf(dataFormat ?? 'channelsLast', 'dataFormat', this.label, ['channelsLast', 'channelsFirst'] as const);
    this.inputSpec = { ndim: 4 };
  }

  protected override noiseShapeFor(shape: number[]): number[] {
    return this.dataFormat === 'channelsLast' ? [shape[0]!, 1, 1, shape[3]!] : [shape[0]!, shape[1]!, 1, 1];
  }

  override getConfig(): LayerConfig {
    return { ...spatialConfig(super.getConfig()), dataFormat: this.dataFormat };
  }
}
