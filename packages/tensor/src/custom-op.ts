/**
 * `customOp`: an op with its own forward and backward passes, recorded on the
 * gradient tape as one node, whose backward pass computes each input's
 * gradient only when the tape asks for it.
 *
 * tfjs-core's `customGrad` returns every input's gradient eagerly and allows
 * one output; its engine entry `runKernelFunc` (private in tfjs-core 4.22's
 * typings, what `customGrad` calls) allows several outputs and lazy
 * gradients. Kernels run inside `forward` are not recorded: the node is the
 * whole op.
 *
 * Saved tensors: the engine's own `save` clones each one with an `Identity`
 * kernel call (and records a tape node per clone). Here a saved tensor is a
 * new engine tensor over the same data (one reference more on the backend,
 * no kernel call), placed in the op's tape node, so the engine disposes it
 * with the tape as it disposes its clones. Saving costs no kernel call.
 */
import { engine, getKernel, type NamedAttrMap, type NamedTensorMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { keepShared } from './memory';

/** What {@link customOp} runs. */
export interface CustomOpSpec<Out extends Tensor | Tensor[]> {
  /** The op's inputs by name; `backward` returns a gradient function under the same names. */
  inputs: NamedTensorMap;
  /** Computes the outputs; `save` keeps tensors for `backward` (only while a tape records). */
  forward(save: (tensors: Tensor[]) => void): Out;
  /** The gradient of each input, as a function the tape calls only for inputs that need one. */
  backward(dy: Out extends Tensor[] ? Tensor[] : Tensor, saved: Tensor[]): Record<string, () => Tensor>;
}

/** The parts of tfjs-core 4.22's engine (private in its typings) that customOp uses. */
interface KernelFuncEngine {
  runKernelFunc(params: {
    inputs: NamedTensorMap;
    forwardFunc: (backend: unknown, save: (tensors: Tensor[]) => void) => Tensor | Tensor[];
    backwardsFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => Record<string, () => Tensor>;
  }): Tensor | Tensor[];
  isTapeOn(): boolean;
  backend: object;
  backendName: string;
  makeTensorFromTensorInfo(info: TensorInfo): Tensor;
  state: { activeTape: Array<{ saved: Tensor[]; outputs: Tensor[] }> | null };
}

/**
 * Whether `t` is an output of one of the last few ops recorded on the active
 * gradient tape, so that a gradient will likely flow into it (false for
 * data fed to a first layer). A hint for ops that can compute an input's
 * gradient cheaper together with the others: it may miss (a tensor recorded
 * long before, or one being differentiated directly), which costs only the
 * separate computation.
 */
export function recordedOnTape(t: Tensor, lookBack = 8): boolean {
  const e = engine() as unknown as KernelFuncEngine;
  const tape = e.state.activeTape;
  if (!e.isTapeOn() || tape === null) return false;
  for (let i = tape.length - 1; i >= 0 && i >= tape.length - lookBack; i--) {
    if (tape[i]!.outputs.some((o) => o.id === t.id)) return true;
  }
  return false;
}

/**
 * Runs an op with its own gradient (see the module comment).
 *
 * @example
 * ```ts
 * const cube = (x: Tensor) => customOp({
 *   inputs: { x },
 *   forward: (save) => { save([x]); return mul(x, mul(x, x)); },
 *   backward: (dy, [saved]) => ({ x: () => mul(dy, mul(scalar(3), square(saved!))) }),
 * });
 * console.log(await read(grad(cube)(tensor1d([2])))); // Float32Array [12]
 * ```
 */
export function customOp<Out extends Tensor | Tensor[]>(spec: CustomOpSpec<Out>): Out {
  const e = engine() as unknown as KernelFuncEngine;
  const recording = e.isTapeOn();
  let saved: Tensor[] = [];
  const out = e.runKernelFunc({
    inputs: spec.inputs,
    // Shared before the forward pass' scope ends (it disposes the intermediates saved).
    forwardFunc: () => spec.forward((tensors) => { if (recording) saved = tensors.map((t) => keepShared(t)); }),
    backwardsFunc: (dy, tapeSaved) => spec.backward(dy as never, tapeSaved),
  }) as Out;
  // The op's node is the tape's last (kernels inside forward record nothing); its
  // saved list is what backwardsFunc receives and what the engine disposes.
  if (recording) e.state.activeTape!.at(-1)!.saved.push(...saved);
  return out;
}

/**
 * Runs the registered kernel `name` from inside a {@link customOp}'s
 * `forward`, where the engine records nothing anyway: the backend's kernel
 * function directly, its outputs tracked in the current scope (the forward
 * pass' tidy). This skips the second dispatch a nested `runKernel` costs (a
 * kernel lookup, a scope and the profiler's bookkeeping; under `profile()`
 * the kernel's time counts toward the op). Outside a forward function use
 * `runKernel`: nothing here is recorded for gradients.
 *
 * @throws Error when the current backend has no kernel `name`.
 */
export function runKernelInForward(name: string, inputs: NamedTensorMap, attrs: NamedAttrMap): Tensor | Tensor[] {
  const e = engine() as unknown as KernelFuncEngine;
  const backend = e.backend;
  const kernel = getKernel(name, e.backendName);
  if (kernel === undefined) throw new Error(`Kernel '${name}' not registered for backend '${e.backendName}'`);
  const out = kernel.kernelFunc({ inputs, attrs, backend: backend as never }) as TensorInfo | TensorInfo[];
  const track = (info: TensorInfo): Tensor => ((info as Tensor).rank != null ? (info as Tensor) : e.makeTensorFromTensorInfo(info));
  return Array.isArray(out) ? out.map(track) : track(out);
}
