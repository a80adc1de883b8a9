import type { LayerConfig } from '../engine/layer';
import { LSTMCell, type LSTMCellArgs } from './lstm-cell';
import { RNN, cellArgs, type RNNArgs } from './rnn';

/** LSTM's options: the cell's and the RNN's. */
export interface LSTMArgs extends LSTMCellArgs, RNNArgs {}

/**
 * Keras' LSTM (Hochreiter 1997): an `RNN` of an `LSTMCell` named like the
 * layer, gates i, f, c, o. Keras 3 defaults: `tanh`, `sigmoid` gates,
 * `glorotUniform` kernel, `orthogonal` recurrent kernel, forget bias 1.
 *
 * Input shape: `(batch, time, features)`. Output shape: `(batch, units)`, or
 * `(batch, time, units)` with `returnSequences`; plus h and c `(batch, units)`
 * with `returnState`. Weights: `kernel` `(features, 4·units)`,
 * `recurrent_kernel` `(units, 4·units)`, `bias` `(4·units)`.
 *
 * @param units The size of the states and output.
 * @throws ConfigError for bad `units`, rates outside [0, 1], `stateful: true`; ShapeError for a non-3D input.
 * @example
 * ```ts
 * const lstm = new LSTM(32);
 * lstm.apply(ones([2, 10, 8])).shape; // [2, 32]
 * const [seq, h, c] = new LSTM(4, { returnSequences: true, returnState: true }).applyAll(ones([2, 10, 8]));
 * ```
 */
export class LSTM extends RNN {
  static override readonly className = 'LSTM';
  declare readonly cell: LSTMCell;

  constructor(units: number, args: LSTMArgs = {}) {
    super((name) => new LSTMCell(units, cellArgs(args, name)), args);
  }

  static override fromConfig(config: LayerConfig): LSTM {
    return new LSTM(config['units'] as number, config as LSTMArgs);
  }
}
