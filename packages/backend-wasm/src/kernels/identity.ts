/**
 * `Identity` for wasm that shares its input's data instead of copying it, as
 * the cpu backend does. tfjs-core runs Identity for every `clone` (the
 * gradient tape saves tensors by cloning them, `keep` and variables too), and
 * tfjs-backend-wasm 4.22.0 copies the whole buffer each time: 24 copies per
 * training step of a small MLP. Sharing is safe because no wasm kernel writes
 * into its inputs and the backend counts references per data id (the
 * reshape kernel shares data the same way). Strings go to the original.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from './wasm-ops';

/** Builds the kernel around the original (kept for string tensors). */
export function identityConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original.kernelFunc(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { ...original, kernelFunc };
}
