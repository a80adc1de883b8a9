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
 * The steps of a time-major tensor `(time, batch, ...)`, split along the
 * contiguous time axis in two levels (about √time chunks, then steps). One
 * split into `time` pieces costs `time` full copies of the input on wasm
 * (tfjs-backend-wasm's Slice reads the whole input for every piece; Unpack
 * likewise): 4.5 s of a 7 s Bidirectional LSTM step at length 200. Two levels
 * copy it about 2·√time times and cost nothing noticeable on cpu. A size-1
 * time axis is a reshape (tfjs' split and unstack gradients fail on one piece).
 */
export function timeSteps(timeMajor: Tensor): Tensor[] {
  const [time, ...rest] = timeMajor.shape as [number, ...number[]];
  const steps = (t: Tensor) => (t.shape[0] === 1 ? [dl.reshape(t, rest)] : dl.split(t, t.shape[0]!, 0).map((s) => dl.reshape(s, rest)));
  const chunk = Math.ceil(Math.sqrt(time));
  if (chunk >= time || time <= 16) return steps(timeMajor);
  const sizes = Array.from({ length: Math.ceil(time / chunk) }, (_, i) => Math.min(chunk, time - i * chunk));
  return dl.split(timeMajor, sizes, 0).flatMap(steps);
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
    : timeSteps(dl.expandDims(dl.transpose(options.mask.dtype === 'bool' ? options.mask : dl.cast(options.mask, 'bool')), 2));
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
