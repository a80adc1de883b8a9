import type { LayerConfig } from '../engine/layer';
import { RNN, cellArgs, type RNNArgs } from './rnn';
import { SimpleRNNCell, type SimpleRNNCellArgs } from './simple-rnn-cell';

/** SimpleRNN's options: the cell's and the RNN's. */
export interface SimpleRNNArgs extends SimpleRNNCellArgs, RNNArgs {}

/**
 * Keras' SimpleRNN: `h_t = activation(x_t·kernel + bias + h_{t−1}·recurrent_kernel)`
 * over the time axis (an `RNN` of a `SimpleRNNCell` named like the layer).
 *
 * Input shape: `(batch, time, features)`. Output shape: `(batch, units)`, or
 * `(batch, time, units)` with `returnSequences`; plus the state `(batch, units)`
 * with `returnState`. Weights: `kernel` `(features, units)`,
 * `recurrent_kernel` `(units, units)`, `bias` `(units)`.
 *
 * @param units The size of the state and output.
 * @throws ConfigError for bad `units`, rates outside [0, 1], `stateful: true`; ShapeError for a non-3D input.
 * @example
 * ```ts
 * const rnn = new SimpleRNN(16, { returnSequences: true });
 * rnn.apply(ones([2, 10, 8])).shape; // [2, 10, 16]
 * ```
 */
export class SimpleRNN extends RNN {
  static override readonly className = 'SimpleRNN';
  declare readonly cell: SimpleRNNCell;

  constructor(units: number, args: SimpleRNNArgs = {}) {
    super((name) => new SimpleRNNCell(units, cellArgs(args, name)), args);
  }

  static override fromConfig(config: LayerConfig): SimpleRNN {
    return new SimpleRNN(config['units'] as number, config as SimpleRNNArgs);
  }
}
