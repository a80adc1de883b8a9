import type { LayerConfig } from '../engine/layer';
import { GRUCell, type GRUCellArgs } from './gru-cell';
import { RNN, cellArgs, type RNNArgs } from './rnn';

/** GRU's options: the cell's and the RNN's. */
export interface GRUArgs extends GRUCellArgs, RNNArgs {}

/**
 * Keras' GRU (Cho et al. 2014): an `RNN` of a `GRUCell` named like the layer,
 * gates z, r, h. `resetAfter` is true by default as in Keras 3 (which
 * tfjs-layers cannot load); false is the Keras 2 / tfjs variant.
 *
 * Input shape: `(batch, time, features)`. Output shape: `(batch, units)`, or
 * `(batch, time, units)` with `returnSequences`; plus the state with
 * `returnState`. Weights: `kernel` `(features, 3·units)`, `recurrent_kernel`
 * `(units, 3·units)`, `bias` `(2, 3·units)` with `resetAfter`, else `(3·units)`.
 *
 * @param units The size of the state and output.
 * @throws ConfigError for bad `units`, rates outside [0, 1], `stateful: true`; ShapeError for a non-3D input.
 * @example
 * ```ts
 * const gru = new GRU(16, { returnSequences: true });
 * gru.apply(ones([2, 10, 8])).shape; // [2, 10, 16]
 * ```
 */
export class GRU extends RNN {
  static override readonly className = 'GRU';
  declare readonly cell: GRUCell;

  constructor(units: number, args: GRUArgs = {}) {
    super((name) => new GRUCell(units, cellArgs(args, name)), args);
  }

  static override fromConfig(config: LayerConfig): GRU {
    return new GRU(config['units'] as number, config as GRUArgs);
  }
}
