/**
 * Fast transposed products for `BatchMatMul` and `_FusedMatMul` on wasm.
 *
 * tfjs-backend-wasm 4.22.0 multiplies with XNNPACK only when neither operand
 * is transposed (about 30 GFLOPS on one SIMD thread); with `transposeA` or
 * `transposeB` it falls back to a naive loop at 1-2 GFLOPS. Every dense
 * backward pass needs both (dW = xᵀ·dy, dx = dy·Wᵀ), so training crawled.
 *
 * The wrapper materializes each transposed operand with the wasm `Transpose`
 * kernel (memory-bound, well under 1 ms for a 512×512 matrix) and calls the
 * original kernel with both flags false. Measured in
 * bench/wasm-kernels/run.mjs: transposing the operand is faster than both
 * native transposed paths for every shape tried, so it is done always.
 */
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { free, transposeLastTwo, type BackendWasm } from './wasm-ops';

/**
 * Wraps a registered wasm matmul kernel (`BatchMatMul` or `_FusedMatMul`,
 * whose inputs `a`, `b` and attrs `transposeA`, `transposeB` agree) so
 * transposed operands take the fast path. Keeps the original `setupFunc`,
 * which the backend runs when it initializes.
 */
export function fastTransposedMatMul(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const attrs = args.attrs ?? {};
    const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original.kernelFunc(args);

    const temps: TensorInfo[] = [];
    try {
      const inputs: NamedTensorInfoMap = { ...args.inputs };
      if (transposeA) temps.push(inputs['a'] = transposeLastTwo(backend, a));
      if (transposeB) temps.push(inputs['b'] = transposeLastTwo(backend, b));
      return original.kernelFunc({
        inputs, backend, attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      free(backend, ...temps);
    }
  };
  return { ...original, kernelFunc };
}
