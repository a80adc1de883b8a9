/**
 * `denseForward`: `activation(x · kernel + bias)` as one fused kernel with a
 * gradient that computes only the products the tape asks for.
 *
 * tfjs-core's `fused.matMul` fuses only outside gradient recording, or for a
 * linear activation (then through `customGrad`, which computes the input's
 * gradient too, even for the data fed to a first layer). While training, a
 * Dense layer with `relu` therefore ran matMul, add and relu as three taped
 * kernels, each saving its inputs, and its backward pass reduced the bias
 * gradient through add's broadcast gradient. Here the forward pass is one
 * `_FusedMatMul` call (bias and activation applied in the matmul's output
 * loop) and the backward pass takes the activation's derivative from the
 * output, then `dy·Wᵀ` for the input (only when the input needs a
 * gradient), `xᵀ·dy` for the kernel and a column sum for the bias.
 */
import { matMul, mul, step, sub, sum, scalar, type Tensor, type Tensor2D, type NamedTensorMap } from '@tensorflow/tfjs-core';
import { customOp, recordedOnTape, runKernelInForward } from './custom-op';
import { fusedKernelNames, runFusedKernel } from './fused';

/** The activations {@link denseForward} fuses: their derivative is a function of the output. */
export type DenseActivation = 'linear' | 'relu' | 'sigmoid';

/** Whether {@link denseForward} fuses `name`. */
export function isDenseActivation(name: string): name is DenseActivation {
  return name === 'linear' || name === 'relu' || name === 'sigmoid';
}

/**
 * `activation(x · kernel + bias)` for a 2-D `x` `[batch, in]`, `kernel`
 * `[in, out]` and `bias` `[out]` (or null), in one fused kernel, with a
 * gradient that skips the input's product when the input needs none (the
 * data at a first layer).
 *
 * @example
 * ```ts
 * const y = denseForward(tensor2d([[1, 2]]), tensor2d([[1], [1]]), tensor1d([-4]), 'relu');
 * console.log(await read(y)); // Float32Array [0]
 * ```
 */
export function denseForward(x: Tensor2D, kernel: Tensor2D, bias: Tensor | null, activation: DenseActivation): Tensor2D {
  const inputs: NamedTensorMap = bias === null ? { x, kernel } : { x, kernel, bias };
  // A hidden layer's input came from a recorded op: its gradient goes in the same fused call.
  const inputGrad = recordedOnTape(x);
  return customOp<Tensor2D>({
    inputs,
    forward: (save) => {
      // Inside a kernel function the engine records nothing: this is one tape node.
      // 2-D operands: every backend's BatchMatMul reshapes them itself (@dl/backend-wasm wraps
      // tfjs-backend-wasm's _FusedMatMul, which reads three dimensions, to do the same).
      const y = runKernelInForward('_FusedMatMul', bias === null ? { a: x, b: kernel } : { a: x, b: kernel, bias }, {
        transposeA: false, transposeB: false, activation,
      }) as Tensor2D;
      // A linear output needs no saving: the gradient of the activation is 1.
      save(activation === 'linear' ? [x, kernel] : [x, kernel, y]);
      return y;
    },
    backward: (dy, saved) => {
      const [xs, ks, y] = saved as [Tensor2D, Tensor2D, Tensor2D | undefined];
      // One kernel for dz, xᵀ·dz and the bias sums where the backend has it (wasm).
      const fused = runFusedKernel(fusedKernelNames.denseGrad,
        { dy, x: xs, ...(y === undefined ? {} : { y }), ...(inputGrad ? { kernel: ks } : {}) }, { activation, bias: bias !== null });
      if (fused !== null) {
        const [dzFused, dKernel, ...rest] = fused as [Tensor2D, Tensor, ...Tensor[]];
        const dBias = bias === null ? undefined : rest[0];
        const dx = inputGrad ? rest.at(-1) : undefined;
        return {
          x: () => dx ?? matMul(dzFused, ks, false, true),
          kernel: () => dKernel,
          ...(bias === null ? {} : { bias: () => dBias! }),
        };
      }
      const dz = (activation === 'relu'
        ? mul(dy, step(y!))
        : activation === 'sigmoid' ? mul(dy, mul(y!, sub(scalar(1), y!))) : dy) as Tensor2D;
      return {
        x: () => matMul(dz, ks, false, true),
        kernel: () => matMul(xs, dz, true, false),
        ...(bias === null ? {} : { bias: () => sum(dz, 0) }),
      };
    },
  });
}
