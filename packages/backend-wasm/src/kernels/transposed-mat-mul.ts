/**
 * Fast transposed products for `BatchMatMul` and `_FusedMatMul` on wasm.
 *
 * tfjs-backend-wasm 4.22.0 multiplies with XNNPACK only when neither operand
 * is transposed (about 30 GFLOPS on one SIMD thread); with `transposeA` or
 * `transposeB` it falls back to a naive loop at 1-2 GFLOPS. Every dense
 * backward pass needs both (dW = xᵀ·dy, dx = dy·Wᵀ), so training crawled.
 *
 * The wrapper materializes transposed operands (transpose.ts, about 0.7-1.4
 * ns per element) and calls the original kernel with both flags false.
 * XNNPACK packs its right operand the first time that tensor is a right
 * operand (about 7 ns per element; tfjs-backend-wasm keeps the packed form
 * while the tensor lives), which is every time for a transposed copy and for
 * weights that the optimizer has just replaced. So for `BatchMatMul` the
 * wrapper may instead compute `Cᵀ = op(B)ᵀ · op(A)ᵀ` and transpose the
 * result, whichever moves fewer elements (see {@link swapIsCheaper}): for a
 * plain product only the first time it sees that right operand, so a weight
 * used again (prediction batches) is packed once and then reused.
 * Figures: bench/wasm-kernels/run.mjs.
 *
 * Before all that, 2-D products whose re-read operand fits in cache go to
 * dl's own SIMD kernels (simd-products.ts), which need neither.
 */
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { transposeLastTwo } from './transpose';
import { free, runWasmKernel, viewAs, type BackendWasm } from './wasm-ops';
import { CHUNK, tallTransposedProduct } from './tall-product';
import { smallProduct } from './small-product';
import { EPILOGUE_KERNELS, simdMatMul } from './simd-products';

/** Cost of XNNPACK packing one element of a new right operand, in transposed elements (measured 4-8). */
const PACK_COST = 5;

/** A plain product is computed swapped only when packing its right operand would move at least this many elements. */
const PLAIN_SWAP_MIN = 65536;

/** Right operands of plain products seen before (their packed form is cached from the second use on). */
const seenRightOperands = new WeakSet<object>();

/**
 * Whether `Cᵀ = op(B)ᵀ · op(A)ᵀ` (then one transpose of C) costs less than
 * `C = op(A) · op(B)` for an `[M, K] · [K, N]` product, counting elements
 * transposed plus {@link PACK_COST} per element of the packed right operand.
 */
export function swapIsCheaper(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): boolean {
  const direct = (transposeA ? m * k : 0) + (transposeB ? k * n : 0) + PACK_COST * k * n;
  const swapped = (transposeB ? 0 : k * n) + (transposeA ? 0 : m * k) + PACK_COST * m * k + m * n;
  return swapped < direct;
}

/**
 * Wraps a registered wasm matmul kernel (`BatchMatMul`, or `_FusedMatMul`,
 * `fused` true) so transposed operands take the fast path. For
 * `_FusedMatMul` the swapped form computes the product without its bias and
 * activation, transposes it, then adds the bias and applies the activation
 * with the wasm kernels (only for linear, relu and sigmoid; other
 * activations and PReLU weights keep the direct form). Keeps the original
 * `setupFunc`, which the backend runs when it initializes.
 */
export function fastTransposedMatMul(original: KernelConfig, fused: boolean): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const attrs = args.attrs ?? {};
    const transposeA = attrs['transposeA'] === true;
    const transposeB = attrs['transposeB'] === true;
    const backend = args.backend as BackendWasm;
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined> as {
      a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo;
    };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original.kernelFunc(args);
    if (preluActivationWeights === undefined) {
      const small = smallProduct(backend, a, b, transposeA, transposeB, fused ? bias : undefined, fused ? String(attrs['activation'] ?? 'linear') : 'linear');
      if (small !== null) return small;
    }
    // Larger 2-D products in cache-sized shapes: dl's SIMD kernels, no packing, no transposed copies (simd-products.ts).
    const untransposed = !transposeA && !transposeB;
    const simd = simdMatMul(backend, {
      a, b, transposeA, transposeB, bias, activation: fused ? String(attrs['activation'] ?? 'linear') : 'linear', prelu: preluActivationWeights !== undefined,
      reused: untransposed && seenRightOperands.has(b.dataId),
    });
    if (simd !== null) {
      if (untransposed) seenRightOperands.add(b.dataId);
      return simd;
    }
    if (fused && a.shape.length === 2 && b.shape.length === 2) {
      // tfjs-backend-wasm's _FusedMatMul reads three dimensions (tfjs-core's fused.matMul passes
      // rank 3); 2-D operands (dl's denseForward) run as views of rank 3, and the output is 2-D.
      const out = kernelFunc({ ...args, inputs: { ...args.inputs, a: viewAs(a, [1, ...a.shape]), b: viewAs(b, [1, ...b.shape]) } }) as TensorInfo;
      out.shape = out.shape.slice(-2);
      return out;
    }
    const epilogue = fused ? EPILOGUE_KERNELS[String(attrs['activation'] ?? 'linear')] : null;
    const swappable = !fused || (epilogue !== undefined && preluActivationWeights === undefined);
    if (!transposeA && !transposeB) {
      // A right operand met before goes straight to XNNPACK, which packs it once and reuses it.
      if (!swappable || seenRightOperands.has(b.dataId)) return original.kernelFunc(args);
      seenRightOperands.add(b.dataId);
      const rA = a.shape.length;
      const rB = b.shape.length;
      const [m, k, n] = [a.shape[rA - 2]!, a.shape[rA - 1]!, b.shape[rB - 1]!];
      if (k * n < PLAIN_SWAP_MIN || !swapIsCheaper(m, k, n, false, false)) return original.kernelFunc(args);
    }

    // A weight gradient xᵀ·dy over many rows (batch × time or pixels): in chunks of rows (tall-product.ts).
    if (!fused && transposeA && !transposeB && a.shape.length === 2 && b.shape.length === 2 && a.shape[0]! >= 2 * CHUNK) {
      const out = tallTransposedProduct(backend, a, b);
      if (out !== null) return out;
    }
    const plain = { ...attrs, transposeA: false, transposeB: false };
    const rA = a.shape.length;
    const rB = b.shape.length;
    const m = a.shape[transposeA ? rA - 1 : rA - 2]!;
    const k = a.shape[transposeA ? rA - 2 : rA - 1]!;
    const n = b.shape[transposeB ? rB - 2 : rB - 1]!;
    const temps: TensorInfo[] = [];
    try {
      if (swappable && swapIsCheaper(m, k, n, transposeA, transposeB)) {
        const left = transposeB ? b : transposeLastTwo(backend, b);
        const right = transposeA ? a : transposeLastTwo(backend, a);
        if (left !== b) temps.push(left);
        if (right !== a) temps.push(right);
        const cT = original.kernelFunc({ inputs: { a: left, b: right }, backend, attrs: fused ? { ...plain, activation: 'linear' } : plain }) as TensorInfo;
        temps.push(cT);
        let c = transposeLastTwo(backend, cT);
        if (bias !== undefined) {
          temps.push(c);
          c = runWasmKernel(backend, 'Add', { a: c, b: bias });
        }
        if (epilogue !== null && epilogue !== undefined) {
          temps.push(c);
          c = runWasmKernel(backend, epilogue, { x: c });
        }
        return c;
      }
      const inputs: NamedTensorInfoMap = { ...args.inputs };
      if (transposeA) temps.push(inputs['a'] = transposeLastTwo(backend, a));
      if (transposeB) temps.push(inputs['b'] = transposeLastTwo(backend, b));
      return original.kernelFunc({ inputs, backend, attrs: plain });
    } finally {
      free(backend, ...temps);
    }
  };
  return { ...original, kernelFunc };
}
