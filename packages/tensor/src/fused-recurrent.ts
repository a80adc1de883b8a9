/**
 * Fused recurrent kernels: a whole LSTM, GRU or SimpleRNN sequence in one
 * kernel call, with its gradient in another, registered by the backends that
 * have a faster way to run the time loop. Recurrent layers ask for one with
 * {@link runFusedRecurrent} and run their step-by-step loop of ops when the
 * current backend has none (or the layer's settings are not covered), so no
 * backend has to implement them.
 *
 * Every tensor is float32; sequences are time-major (each step's rows
 * contiguous). `x` is the input projection `x·kernel` of every timestep,
 * without bias: `(time, batch, gates·units)`, gate columns in Keras' order.
 * `kernel` is the recurrent kernel `(units, gates·units)`; `bias` (input
 * bias, `(gates·units)`) and GRU's `recurrentBias` are optional; initial
 * states are `(batch, units)`. Attribute `reverse`: process the steps from
 * last to first (`goBackwards`). The output `sequence` is
 * `(time, batch, units)`, in processing order, as Keras returns the steps.
 *
 * An optional `mask` `(time, batch)` (1 keep, 0 skip; in input order) skips
 * steps as Keras does: a skipped row keeps its states, and its output is the
 * previous output (zeros before the first kept step), or zeros with the
 * attribute `zeroOutputForMask`. The output sequence is then the outputs,
 * and the final states can differ from the last output.
 *
 * - `DlLSTMSequence` — inputs `x`, `kernel`, `bias`?, `h0`, `c0`.
 *   `z = x_t + bias + h·kernel`; i, f, o = sigmoid, g = tanh of its four
 *   column blocks; `c' = f·c + i·g`, `h' = o·tanh(c')`. Outputs
 *   `[sequence, h, c, ...saved]`.
 * - `DlGRUSequence` (Keras' `reset_after`) — inputs `x`, `kernel`, `bias`?,
 *   `recurrentBias`?, `h0`. `r_h = h·kernel + recurrentBias` (blocks z, r, h);
 *   `z = σ(x_z + b_z + r_z)`, `r = σ(x_r + b_r + r_r)`,
 *   `ĥ = tanh(x_h + b_h + r·r_h)`, `h' = z·h + (1 − z)·ĥ`. Outputs
 *   `[sequence, h, ...saved]`.
 * - `DlSimpleRNNSequence` — inputs `x`, `kernel`, `bias`?, `h0`.
 *   `h' = tanh(x_t + bias + h·kernel)`. Outputs `[sequence, h, ...saved]`.
 *
 * `saved` is any number of tensors the backend wants back for the gradient.
 * The gradient kernel is the forward name + `Grad`, with inputs
 * `dSequence` (the sequence's gradient; absent when the caller did not ask
 * for the sequence), `dh`, (LSTM) `dc` (the final states' gradients, zeros
 * when unused), `kernel`, `h0`, (LSTM) `c0`, `mask` (when given), `sequence`,
 * and the saved tensors as `saved0`, `saved1`, …; same attributes. Its outputs are the
 * gradients of `x`, `kernel`, `bias`, (GRU) `recurrentBias`, `h0`, (LSTM)
 * `c0`, in that order (the bias gradients are computed even when no bias was
 * given).
 */
import {
  engine, getBackend, getKernel, reshape, slice, zerosLike, type NamedTensorMap, type Tensor,
} from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';

/** The cells with a fused kernel, and the forward kernel names (see the module comment for each contract). */
export const fusedRecurrentKernelNames = {
  lstm: 'DlLSTMSequence',
  gru: 'DlGRUSequence',
  simpleRNN: 'DlSimpleRNNSequence',
} as const;

/** A cell with a fused kernel. */
export type FusedRecurrentCell = keyof typeof fusedRecurrentKernelNames;

/** The inputs of a fused recurrent kernel (see the module comment). */
export interface FusedRecurrentInputs {
  x: Tensor;
  kernel: Tensor;
  bias?: Tensor;
  recurrentBias?: Tensor;
  h0: Tensor;
  c0?: Tensor;
  /** `(time, batch)`, 1 where a step is kept, 0 where it is skipped (input order). */
  mask?: Tensor;
}

/** How a fused recurrent sequence runs. */
export interface FusedRecurrentOptions {
  /** Process the steps from last to first (`goBackwards`). */
  reverse: boolean;
  /** Also return every step's output. */
  returnSequences: boolean;
  /** With a mask, skipped steps output zeros instead of the previous output. Default false. */
  zeroOutputForMask?: boolean;
}

/** What a fused recurrent sequence returns. */
export interface FusedRecurrentResult {
  /** `(time, batch, units)`, in processing order; null unless asked for. */
  sequence: Tensor | null;
  /** The last step's output `(batch, units)` (the final h, unless a mask skipped steps). */
  last: Tensor;
  /** The final states: `[h]`, or `[h, c]` for LSTM. */
  states: Tensor[];
}

/**
 * Whether the current backend registers the fused kernel of `cell` and its
 * gradient, so {@link runFusedRecurrent} will run it.
 *
 * @example
 * ```ts
 * if (hasFusedRecurrent('lstm')) {
 *   // draw dropout masks, project the inputs, run the fused kernel
 * }
 * ```
 */
export function hasFusedRecurrent(cell: FusedRecurrentCell): boolean {
  const name = fusedRecurrentKernelNames[cell];
  return getKernel(name, getBackend()) !== undefined && getKernel(`${name}Grad`, getBackend()) !== undefined;
}

/**
 * Runs the fused kernel of `cell` over a whole sequence on the current
 * backend, recording one gradient for the whole sequence; returns null when
 * the backend has no such kernel, so the caller runs its step loop instead.
 * The tensors the backward pass needs are kept by the tape (shared, not
 * copied, on backends whose Identity shares data).
 *
 * @param cell `lstm`, `gru` or `simpleRNN`.
 * @param inputs The input projection, recurrent kernel, biases and initial states (see the module comment).
 * @param options `reverse` processes the steps from last to first; `returnSequences` also returns every step's output; `zeroOutputForMask` (with a mask) outputs zeros on skipped steps.
 * @example
 * ```ts
 * const out = runFusedRecurrent('lstm', { x: xW, kernel: u, bias: b, h0, c0 }, { reverse: false, returnSequences: false });
 * if (out === null) {
 *   // run the step loop
 * }
 * ```
 */
export function runFusedRecurrent(cell: FusedRecurrentCell, inputs: FusedRecurrentInputs, options: FusedRecurrentOptions): FusedRecurrentResult | null {
  if (!hasFusedRecurrent(cell)) return null;
  const name = fusedRecurrentKernelNames[cell];
  const masked = inputs.mask !== undefined;
  const attrs = { reverse: options.reverse, zeroOutputForMask: options.zeroOutputForMask ?? false };
  const given: NamedTensorMap = {};
  for (const [key, t] of Object.entries(inputs) as [string, Tensor | undefined][]) if (t !== undefined) given[key] = t;
  const stateCount = cell === 'lstm' ? 2 : 1;
  const kept = ['kernel', 'h0', ...(cell === 'lstm' ? ['c0'] : []), ...(masked ? ['mask'] : [])];
  // With a mask the last output is the sequence's last row, so the sequence is always an output.
  const withSequence = options.returnSequences || masked;
  const shown = (outs: Tensor[]) => (withSequence ? outs.slice(0, 1 + stateCount) : outs.slice(1, 1 + stateCount));

  const outputs = customOp<Tensor[]>({
    inputs: given,
    forward: (save) => {
      const outs = engine().runKernel(name, given, attrs) as Tensor[];
      // kernel, h0, (c0), (mask), sequence, then the backend's saved tensors.
      save([...kept.map((k) => given[k]!), outs[0]!, ...outs.slice(1 + stateCount)]);
      return shown(outs);
    },
    backward: (dy, saved) => {
      const dys = Array.isArray(dy) ? dy : [dy as Tensor];
      const [dSequence, dh, dc] = withSequence ? dys : [null, ...dys];
      const savedInputs: NamedTensorMap = Object.fromEntries(kept.map((k, i) => [k, saved[i]!]));
      const rest = saved.slice(kept.length + 1);
      const gradInputs: NamedTensorMap = {
        ...savedInputs,
        sequence: saved[kept.length]!,
        ...Object.fromEntries(rest.map((t, i) => [`saved${i}`, t])),
        ...(dSequence == null ? {} : { dSequence }),
        ...(dh == null ? {} : { dh }),
        ...(dc == null ? {} : { dc }),
      };
      const grads = engine().runKernel(`${name}Grad`, gradInputs, attrs) as Tensor[];
      const names = ['x', 'kernel', 'bias', ...(cell === 'gru' ? ['recurrentBias'] : []), 'h0', ...(cell === 'lstm' ? ['c0'] : [])];
      const fns: Record<string, () => Tensor> = Object.fromEntries(names.map((n, i) => [n, () => grads[i]!]));
      if (masked) fns['mask'] = () => zerosLike(savedInputs['mask']!);
      return fns;
    },
  });
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const sequence = withSequence ? list[0]! : null;
  const states = withSequence ? list.slice(1) : list;
  const [time, batch, units] = (sequence ?? inputs.x).shape as [number, number, number];
  const last = masked ? reshape(slice(sequence!, [time - 1, 0, 0], [1, batch, units]), [batch, units]) : states[0]!;
  return { sequence: options.returnSequences ? sequence : null, last, states };
}
