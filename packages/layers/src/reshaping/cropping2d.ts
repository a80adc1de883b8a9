import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { LayerConfig } from '../engine/layer';
import { SpatialReshape, pairs2dOf, type SpatialArgs } from './spatial';

/**
 * Keras' Cropping2D: removes rows and columns at the borders of an image.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, rows - top - bottom, cols - left - right, channels)`.
 *
 * @param cropping `n` (all sides), `[rows, cols]` (symmetric per axis) or
 *   `[[top, bottom], [left, right]]`. Default 0 (nothing).
 * @throws ConfigError for a negative or malformed amount or an unknown data format;
 *   ShapeError when nothing would remain.
 * @example
 * ```ts
 * new Cropping2D([[2, 2], [4, 4]]).apply(ones([1, 28, 28, 3])).shape; // [1, 24, 20, 3]
 * ```
 */
export class Cropping2D extends SpatialReshape {
  static override readonly className = 'Cropping2D';
  readonly cropping: [[number, number], [number, number]];

  constructor(cropping: number | number[] | number[][] = 0, args: SpatialArgs = {}) {
    super(2, args, true);
    this.cropping = pairs2dOf(cropping, 'cropping', this.label);
  }

  protected spatialOutput(spatial: (number | null)[]): (number | null)[] {
    return spatial.map((d, i) => (d == null ? null : d - this.cropping[i]![0] - this.cropping[i]![1]));
  }

  protected transform(x: Tensor): Tensor {
    const [b, h, w, c] = x.shape as number[];
    const [[top, bottom], [left, right]] = this.cropping;
    return dl.slice(x, [0, top, left, 0], [b!, h! - top - bottom, w! - left - right, c!]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), cropping: this.cropping };
  }

  static override fromConfig(config: LayerConfig): Cropping2D {
    return new Cropping2D(config['cropping'] as number[][], config as SpatialArgs);
  }
}
