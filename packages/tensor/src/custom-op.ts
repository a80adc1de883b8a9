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
 */
import { engine, type NamedTensorMap, type Tensor } from '@tensorflow/tfjs-core';

/** What {@link customOp} runs. */
export interface CustomOpSpec<Out extends Tensor | Tensor[]> {
  /** The op's inputs by name; `backward` returns a gradient function under the same names. */
  inputs: NamedTensorMap;
  /** Computes the outputs; `save` keeps tensors for `backward` (only while a tape records). */
  forward(save: (tensors: Tensor[]) => void): Out;
  /** The gradient of each input, as a function the tape calls only for inputs that need one. */
  backward(dy: Out extends Tensor[] ? Tensor[] : Tensor, saved: Tensor[]): Record<string, () => Tensor>;
}

interface KernelFuncEngine {
  runKernelFunc(params: {
    inputs: NamedTensorMap;
    forwardFunc: (backend: unknown, save: (tensors: Tensor[]) => void) => Tensor | Tensor[];
    backwardsFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => Record<string, () => Tensor>;
  }): Tensor | Tensor[];
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
  return (engine() as unknown as KernelFuncEngine).runKernelFunc({
    inputs: spec.inputs,
    forwardFunc: (_backend, save) => spec.forward(save),
    backwardsFunc: (dy, saved) => spec.backward(dy as never, saved),
  }) as Out;
}
