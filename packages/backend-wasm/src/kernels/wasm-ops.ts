/**
 * Small helpers for kernels that run on tfjs-backend-wasm: calling another
 * registered wasm kernel directly (no engine bookkeeping), freeing the
 * intermediates it returns, and viewing tensor data on the wasm heap.
 *
 * Kernel functions run inside `engine.runKernel`, so the tensors they create
 * by calling other kernel functions are raw backend data (a dataId with a
 * reference count of 1), not engine tensors: whoever creates one must free it
 * with {@link free} unless it is the kernel's output.
 */
import { getKernel, type DataType, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };

/** Runs the kernel registered as `name` for 'wasm' on `inputs`; returns its single output. */
export function runWasmKernel(
  backend: BackendWasm, name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) {
    throw new Error(`Kernel "${name}" is not registered for backend "wasm": expected tfjs-backend-wasm 4.22.0 to provide it.`);
  }
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** Frees a kernel-internal intermediate (decrements its dataId's reference count). */
export function free(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** A view of `info` under another shape of the same size, sharing its data (no reference taken: do not free it). */
export function viewAs(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Allocates an output (or intermediate) tensor on the wasm heap; its contents are uninitialized. */
export function allocate(backend: BackendWasm, shape: number[], dtype: DataType = 'float32'): TensorInfo {
  return backend.makeOutput(shape, dtype);
}

/**
 * A Float32Array over `info`'s data on the wasm heap. Take it after the last
 * call that can allocate (a kernel call, {@link allocate}): heap growth
 * detaches earlier views.
 */
export function f32(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}
