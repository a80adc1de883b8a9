import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import type { Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';

/**
 * Keras' Permute: reorders the axes of each sample. `dims` counts from 1
 * (axis 0 is the batch and stays).
 *
 * Input shape: `(batch, d1, ..., dn)`. Output shape: `(batch, d[dims[0]], ...)`.
 *
 * @param dims A permutation of 1..n.
 * @throws ConfigError when `dims` is not a permutation of 1..n.
 * @example
 * ```ts
 * new Permute([2, 1]).apply(ones([2, 3, 4])).shape; // [2, 4, 3]
 * ```
 */
export class Permute extends Layer {
  static override readonly className = 'Permute';
  readonly dims: number[];

  constructor(dims: number[], args: LayerArgs = {}) {
    super(args);
    const sorted = Array.isArray(dims) ? [...dims].sort((a, b) => a - b) : [];
    if (!Array.isArray(dims) || dims.length === 0 || !sorted.every((d, i) => d === i + 1)) {
      throw new ConfigError(`Invalid \`dims\` for ${this.label}: expected a permutation of 1..n, received ${describeValue(dims)}.`);
    }
    this.dims = [...dims];
    this.inputSpec = { ndim: dims.length + 1 };
  }

  override call(x: Tensor): Tensor {
    return dl.transpose(x, [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dims: this.dims };
  }

  static override fromConfig(config: LayerConfig): Permute {
    return new Permute(config['dims'] as number[], config as LayerArgs);
  }
}
