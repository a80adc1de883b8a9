import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import type { CellStep } from './rnn-cell';

/** How `rnnLoop` runs. */
export interface RnnLoopOptions {
  /** `(batch, time)`: false marks steps to skip (the state is carried over). */
  mask: Tensor | null;
  /** Process the steps from last to first; outputs are in processing order (reversed), as Keras. */
  goBackwards: boolean;
  /** A masked step outputs zeros (true) or repeats the previous output (false). */
  zeroOutputForMask: boolean;
  /** Whether to stack every step's output. */
  returnSequences: boolean;
}

/** What `rnnLoop` returns. */
export interface RnnLoopResult {
  /** The last step's output, `(batch, units)`. */
  last: Tensor;
  /** `(batch, time, units)` when `returnSequences`, else null. */
  outputs: Tensor | null;
  /** The final states. */
  states: Tensor[];
}

/**
 * `unstack(t, 1)`: the steps of a `(batch, time, ...)` tensor. tfjs-core's
 * unstack gradient fails when the axis has size 1 (it receives one tensor, not a
 * list), so one step is a squeeze.
 */
export function unstackTime(t: Tensor): Tensor[] {
  return t.shape[1] === 1 ? [dl.squeeze(t, [1])] : dl.unstack(t, 1);
}

/**
 * The time loop shared by every recurrent layer: Keras' `backend.rnn` on the
 * per-step inputs a cell prepared. On a masked step (mask false) the states
 * keep their previous values and the output is the previous step's output
 * (zeros before the first unmasked step), or zeros with `zeroOutputForMask`.
 * Every op is a differentiable `@dl/tensor` op; call it inside `tidy`.
 */
export function rnnLoop(step: CellStep, inputs: Tensor[], initialStates: Tensor[], options: RnnLoopOptions): RnnLoopResult {
  const time = inputs.length;
  const masks = options.mask === null
    ? null
    : unstackTime(dl.expandDims(options.mask.dtype === 'bool' ? options.mask : dl.cast(options.mask, 'bool'), 2));
  let states = initialStates;
  let previous: Tensor | null = null;
  let zeros: Tensor | null = null;
  const outputs: Tensor[] = [];
  for (let k = 0; k < time; k++) {
    const t = options.goBackwards ? time - 1 - k : k;
    let [output, next] = step(inputs[t]!, states);
    if (masks !== null) {
      const keep = masks[t]!;
      zeros ??= dl.zerosLike(output);
      output = dl.where(keep, output, options.zeroOutputForMask ? zeros : previous ?? zeros);
      const old = states;
      next = next.map((s, i) => dl.where(keep, s, old[i]!));
    }
    previous = output;
    states = next;
    if (options.returnSequences) outputs.push(output);
  }
  return { last: previous!, outputs: options.returnSequences ? dl.stack(outputs, 1) : null, states };
}
