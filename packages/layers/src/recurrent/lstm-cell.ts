import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { ActivationFn } from '../activations';
import { getActivation, serializeActivation } from '../activations';
import { bool } from '../engine/checks';
import type { LayerConfig } from '../engine/layer';
import { RNNCell, recurrentActivationOf, type CellStep, type GatedCellArgs } from './rnn-cell';

/** LSTMCell's options. */
export interface LSTMCellArgs extends GatedCellArgs {
  /** Whether the forget gate's bias starts at 1 (the other gates' at `biasInitializer`). Default true. */
  unitForgetBias?: boolean;
}

/**
 * Keras' LSTMCell: gates in Keras' order i, f, c, o on the columns of
 * `kernel` and `recurrent_kernel`;
 * `z = x·kernel + bias + h₋₁·recurrent_kernel`, `i, f, o = recurrentActivation(z_i, z_f, z_o)`,
 * `c = f·c₋₁ + i·activation(z_c)`, `h = o·activation(c)`.
 *
 * Input shape: `[(batch, inputDim), h (batch, units), c (batch, units)]`.
 * Output shape: `[(batch, units), h, c]`. Weights: `kernel` `(inputDim, 4·units)`,
 * `recurrent_kernel` `(units, 4·units)`, `bias` `(4·units)`.
 *
 * @param units The size of the states and output.
 * @throws ConfigError for bad `units`, rates outside [0, 1], unknown activations or initializers.
 * @example
 * ```ts
 * const cell = new LSTMCell(4);
 * const [y, h, c] = cell.applyAll([ones([2, 3]), zeros([2, 4]), zeros([2, 4])]);
 * ```
 */
export class LSTMCell extends RNNCell {
  static override readonly className = 'LSTMCell';
  readonly stateSize: number[];
  readonly recurrentActivation: ActivationFn;
  readonly unitForgetBias: boolean;

  constructor(units: number, args: LSTMCellArgs = {}) {
    super(units, 4, args);
    this.stateSize = [this.units, this.units];
    this.recurrentActivation = recurrentActivationOf(args, this.label);
    this.unitForgetBias = bool(args.unitForgetBias ?? true, 'unitForgetBias', this.label);
  }

  protected override initialBias(): Tensor | null {
    if (!this.unitForgetBias) return null;
    const u = this.units;
    return dl.tidy(() => dl.concat([this.biasInitializer.call([u]), dl.ones([u]), this.biasInitializer.call([2 * u])]));
  }

  protected override fusedCell(): dl.FusedRecurrentCell | null {
    return this.activation === getActivation('tanh') && this.recurrentActivation === getActivation('sigmoid') ? 'lstm' : null;
  }

  protected makeStep(recurrentMasks: Tensor[] | null): CellStep {
    const kernel = this.recurrentKernel!.value;
    const sig = this.recurrentActivation;
    return (x, [h, c]) => {
      const z = dl.add(x, this.recurrentProjection(h!, recurrentMasks, kernel));
      const [zi, zf, zc, zo] = dl.split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
      const carry = dl.add(dl.mul(sig(zf), c!), dl.mul(sig(zi), this.activation(zc)));
      const out = dl.mul(sig(zo), this.activation(carry));
      return [out, [out, carry]];
    };
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      recurrentActivation: serializeActivation(this.recurrentActivation, this.label),
      unitForgetBias: this.unitForgetBias,
    };
  }

  static override fromConfig(config: LayerConfig): LSTMCell {
    return new LSTMCell(config['units'] as number, config as LSTMCellArgs);
  }
}
