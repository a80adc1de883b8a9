import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { LayerConfig } from '../engine/layer';
import { SpatialReshape, pairs2dOf, type SpatialArgs } from './spatial';

/**
 * Keras' ZeroPadding2D: adds rows and columns of zeros around an image.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, top + rows + bottom, left + cols + right, channels)`.
 *
 * @param padding `n` (all sides), `[rows, cols]` (symmetric per axis) or
 *   `[[top, bottom], [left, right]]`. Default 1.
 * @throws ConfigError for a negative or malformed amount or an unknown data format.
 * @example
 * ```ts
 * new ZeroPadding2D([[1, 0], [2, 2]]).apply(ones([1, 3, 3, 2])).shape; // [1, 4, 7, 2]
 * ```
 */
export class ZeroPadding2D extends SpatialReshape {
  static override readonly className = 'ZeroPadding2D';
  readonly padding: [[number, number], [number, number]];

  constructor(padding: number | number[] | number[][] = 1, args: SpatialArgs = {}) {
    super(2, args, true);
    this.padding = pairs2dOf(padding, 'padding', this.label);
  }

  protected spatialOutput(spatial: (number | null)[]): (number | null)[] {
    return spatial.map((d, i) => (d == null ? null : d + this.padding[i]![0] + this.padding[i]![1]));
  }

  protected transform(x: Tensor): Tensor {
    return dl.pad(x, [[0, 0], ...this.padding, [0, 0]]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), padding: this.padding };
  }

  static override fromConfig(config: LayerConfig): ZeroPadding2D {
    return new ZeroPadding2D(config['padding'] as number[][], config as SpatialArgs);
  }
}
