import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { getActivation, serializeActivation, type ActivationFn } from '../activations';
import { bool } from '../engine/checks';
import type { LayerConfig } from '../engine/layer';
import { RNNCell, recurrentActivationOf, type CellStep, type GatedCellArgs } from './rnn-cell';

/** GRUCell's options. */
export interface GRUCellArgs extends GatedCellArgs {
  /**
   * Whether the reset gate applies after the recurrent matMul (Keras 3's
   * default, cuDNN-compatible, with separate input and recurrent biases:
   * `bias` `(2, 3·units)`) or before it (`bias` `(3·units)`). Default true.
   */
  resetAfter?: boolean;
}

/**
 * Keras' GRUCell, gates in Keras' order z (update), r (reset), h (candidate).
 * `z = σ(x·W_z + b_z + h₋₁·U_z + b'_z)`, `r` likewise; with `resetAfter`
 * `h̃ = tanh(x·W_h + b_h + r ⊙ (h₋₁·U_h + b'_h))`, else
 * `h̃ = tanh(x·W_h + b_h + (r ⊙ h₋₁)·U_h)`; then `h = z ⊙ h₋₁ + (1 − z) ⊙ h̃`.
 *
 * Input shape: `[(batch, inputDim), (batch, units)]`. Output shape: `[(batch, units), (batch, units)]`.
 * Weights: `kernel` `(inputDim, 3·units)`, `recurrent_kernel` `(units, 3·units)`,
 * `bias` `(2, 3·units)` (input row, recurrent row) with `resetAfter`, else `(3·units)`.
 *
 * @param units The size of the state and output.
 * @throws ConfigError for bad `units`, rates outside [0, 1], unknown activations or initializers.
 * @example
 * ```ts
 * const cell = new GRUCell(4);
 * const [y, h] = cell.applyAll([ones([2, 3]), zeros([2, 4])]);
 * ```
 */
export class GRUCell extends RNNCell {
  static override readonly className = 'GRUCell';
  readonly stateSize: number[];
  readonly recurrentActivation: ActivationFn;
  readonly resetAfter: boolean;

  constructor(units: number, args: GRUCellArgs = {}) {
    super(units, 3, args);
    this.stateSize = [this.units];
    this.recurrentActivation = recurrentActivationOf(args, this.label);
    this.resetAfter = bool(args.resetAfter ?? true, 'resetAfter', this.label);
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected override inputBias(): Tensor | null {
    if (this.bias === null) return null;
    return this.resetAfter ? dl.gather(this.bias.value, 0) : this.bias.value;
  }

  protected override fusedCell(): dl.FusedRecurrentCell | null {
    const defaults = this.activation === getActivation('tanh') && this.recurrentActivation === getActivation('sigmoid');
    return defaults && this.resetAfter ? 'gru' : null;
  }

  protected override fusedBiases(): { bias?: Tensor; recurrentBias?: Tensor } {
    if (this.bias === null) return {};
    return { bias: dl.gather(this.bias.value, 0), recurrentBias: dl.gather(this.bias.value, 1) };
  }

  protected makeStep(masks: Tensor[] | null): CellStep {
    const u = this.units;
    const sig = this.recurrentActivation;
    const kernel = this.recurrentKernel!.value;
    const recBias = this.bias !== null && this.resetAfter ? dl.gather(this.bias.value, 1) : null;
    const [kernelZR, kernelH] = this.resetAfter ? [kernel, kernel] : dl.split(kernel, [2 * u, u], 1) as [Tensor, Tensor];
    return (x, [h]) => {
      const [xz, xr, xh] = dl.split(x, 3, 1) as [Tensor, Tensor, Tensor];
      let inner = this.recurrentProjection(h!, this.resetAfter ? masks : masks?.slice(0, 2) ?? null, kernelZR);
      if (recBias !== null) inner = dl.add(inner, recBias);
      const parts = dl.split(inner, this.resetAfter ? 3 : 2, 1);
      const z = sig(dl.add(xz, parts[0]!));
      const r = sig(dl.add(xr, parts[1]!));
      const recurrentH = this.resetAfter
        ? dl.mul(r, parts[2]!)
        : dl.matMul(dl.mul(r, masks === null ? h! : dl.mul(h!, masks[2]!)), kernelH);
      const candidate = this.activation(dl.add(xh, recurrentH));
      const out = dl.add(dl.mul(z, h!), dl.mul(dl.sub(1, z), candidate));
      return [out, [out]];
    };
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      recurrentActivation: serializeActivation(this.recurrentActivation, this.label),
      resetAfter: this.resetAfter,
    };
  }

  static override fromConfig(config: LayerConfig): GRUCell {
    return new GRUCell(config['units'] as number, config as GRUCellArgs);
  }
}
