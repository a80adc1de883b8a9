import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { intTuple, oneOf } from '../engine/checks';
import type { LayerConfig } from '../engine/layer';
import { SpatialReshape, bilinearMatrix, mixAxis, repeatAxis, type SpatialArgs } from './spatial';

/** UpSampling2D's options. */
export interface UpSampling2DArgs extends SpatialArgs {
  /** `nearest` (default: repeat rows and columns) or `bilinear` (TF's resize with half-pixel centers). */
  interpolation?: 'nearest' | 'bilinear';
}

/**
 * Keras' UpSampling2D: enlarges an image by integer factors, repeating
 * pixels (`nearest`) or interpolating them (`bilinear`, as Keras'
 * `ops.image.resize`: output pixel i samples input position (i + 0.5)/factor - 0.5,
 * clamped at the borders). Bilinear is written as two matrix products, so its
 * gradient is exact on every backend.
 *
 * Input shape: `(batch, rows, cols, channels)` (channelsFirst: `(batch, channels, rows, cols)`).
 * Output shape: `(batch, rows·size[0], cols·size[1], channels)`.
 *
 * @param size A number or `[rows, cols]`. Default 2.
 * @throws ConfigError for a non-positive size, an unknown data format, or an interpolation
 *   other than `nearest` and `bilinear` (Keras' bicubic and lanczos are not supported).
 * @example
 * ```ts
 * new UpSampling2D(2, { interpolation: 'bilinear' }).apply(ones([1, 4, 4, 3])).shape; // [1, 8, 8, 3]
 * ```
 */
export class UpSampling2D extends SpatialReshape {
  static override readonly className = 'UpSampling2D';
  readonly size: number[];
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(size: number | number[] = 2, args: UpSampling2DArgs = {}) {
    super(2, args, true);
    this.size = intTuple(size, 2, 'size', this.label);
    this.interpolation = oneOf(args.interpolation ?? 'nearest', 'interpolation', this.label, ['nearest', 'bilinear'] as const);
  }

  protected spatialOutput(spatial: (number | null)[]): (number | null)[] {
    return spatial.map((d, i) => (d == null ? null : d * this.size[i]!));
  }

  protected transform(x: Tensor): Tensor {
    if (this.interpolation === 'nearest') return repeatAxis(repeatAxis(x, 1, this.size[0]!), 2, this.size[1]!);
    return dl.tidy(() => {
      const rows = mixAxis(x, 1, bilinearMatrix(x.shape[1]!, this.size[0]!));
      return mixAxis(rows, 2, bilinearMatrix(x.shape[2]!, this.size[1]!));
    });
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), size: this.size, interpolation: this.interpolation };
  }

  static override fromConfig(config: LayerConfig): UpSampling2D {
    return new UpSampling2D(config['size'] as number[], config as UpSampling2DArgs);
  }
}
