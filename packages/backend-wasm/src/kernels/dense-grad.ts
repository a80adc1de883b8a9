/**
 * `DlDenseGrad` for wasm (the contract is in @dl/tensor's fused.ts): the
 * backward pass of a Dense layer after its output gradient, `dz` (through
 * relu or sigmoid), `xᵀ·dz` and the bias sums, as one kernel call. It calls
 * the same wasm kernels the composed ops would (Step, Multiply, Sub,
 * BatchMatMul, Sum) in the same order, without the engine's bookkeeping
 * between them, so the results are identical and a small layer's backward
 * pass costs one engine call instead of four or five (given the kernel, the
 * input's gradient `dz·kernelᵀ` too).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { fusedKernelNames } from '@dl/tensor';
import { allocate, f32, free, runWasmKernel, type BackendWasm } from './wasm-ops';

const denseGrad: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const { dy, x, y, kernel } = inputs as Record<string, TensorInfo | undefined> as { dy: TensorInfo; x: TensorInfo; y?: TensorInfo; kernel?: TensorInfo };
  const { activation, bias } = attrs as unknown as { activation: string; bias: boolean };
  let dz: TensorInfo;
  if (activation === 'relu' || activation === 'sigmoid') {
    if (y === undefined) throw new Error(`DlDenseGrad: expected the output \`y\` for activation "${activation}", received none.`);
    let slope: TensorInfo;
    if (activation === 'relu') {
      slope = runWasmKernel(backend, 'Step', { x: y }, { alpha: 0 });
    } else {
      const one = allocate(backend, [], 'float32');
      f32(backend, one)[0] = 1;
      const rest = runWasmKernel(backend, 'Sub', { a: one, b: y });
      slope = runWasmKernel(backend, 'Multiply', { a: y, b: rest });
      free(backend, one, rest);
    }
    dz = runWasmKernel(backend, 'Multiply', { a: dy, b: slope });
    free(backend, slope);
  } else {
    backend.incRef(dy.dataId); // linear: dz is dy, shared like Identity
    dz = { dataId: dy.dataId, shape: dy.shape, dtype: dy.dtype };
  }
  const outs = [dz, runWasmKernel(backend, 'BatchMatMul', { a: x, b: dz }, { transposeA: true, transposeB: false })];
  if (bias) outs.push(runWasmKernel(backend, 'Sum', { x: dz }, { axis: [0], keepDims: false }));
  if (kernel !== undefined) outs.push(runWasmKernel(backend, 'BatchMatMul', { a: dz, b: kernel }, { transposeA: false, transposeB: true }));
  return outs;
};

/** The kernel config registered for 'wasm' by {@link installTrainingKernels}. */
export const denseGradConfig: KernelConfig = { kernelName: fusedKernelNames.denseGrad, backendName: 'wasm', kernelFunc: denseGrad };
