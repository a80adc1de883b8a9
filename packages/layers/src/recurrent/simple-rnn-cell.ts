import * as dl from '@dl/tensor';
import { getActivation } from '../activations';
import type { LayerConfig } from '../engine/layer';
import { RNNCell, type CellStep, type RNNCellArgs } from './rnn-cell';

/** SimpleRNNCell's options: those of every cell. */
export type SimpleRNNCellArgs = RNNCellArgs;

/**
 * Keras' SimpleRNNCell: one step `h = activation(x·kernel + bias + h₋₁·recurrent_kernel)`.
 * Used by `SimpleRNN`; on its own it runs one step on `[input, state]`.
 *
 * Input shape: `[(batch, inputDim), (batch, units)]`. Output shape: `[(batch, units), (batch, units)]`
 * (the output and the new state). Weights: `kernel` `(inputDim, units)`,
 * `recurrent_kernel` `(units, units)`, `bias` `(units)`.
 *
 * @param units The size of the state and output.
 * @throws ConfigError for bad `units`, rates outside [0, 1], unknown activations or initializers.
 * @example
 * ```ts
 * const cell = new SimpleRNNCell(4);
 * const [y, h] = cell.applyAll([ones([2, 3]), zeros([2, 4])]); // both (2, 4)
 * ```
 */
export class SimpleRNNCell extends RNNCell {
  static override readonly className = 'SimpleRNNCell';
  readonly stateSize: number[];

  constructor(units: number, args: SimpleRNNCellArgs = {}) {
    super(units, 1, args);
    this.stateSize = [this.units];
  }

  protected override fusedCell(): dl.FusedRecurrentCell | null {
    return this.activation === getActivation('tanh') ? 'simpleRNN' : null;
  }

  protected makeStep(recurrentMasks: dl.Tensor[] | null): CellStep {
    const kernel = this.recurrentKernel!.value;
    return (x, [h]) => {
      const out = this.activation(dl.add(x, this.recurrentProjection(h!, recurrentMasks, kernel)));
      return [out, [out]];
    };
  }

  static override fromConfig(config: LayerConfig): SimpleRNNCell {
    return new SimpleRNNCell(config['units'] as number, config as SimpleRNNCellArgs);
  }
}
