/**
 * `Sum` over the leading axes of a float32 tensor on wasm (a bias gradient:
 * dy summed over batch × pixels, or batch × time steps) as one pass of SIMD
 * row additions (simd/kernels.wat). tfjs-backend-wasm 4.22.0 reduces only
 * the innermost axes, so it first transposes the whole tensor to bring the
 * leading axes last. Both sum in float32 one term after another. Other axes,
 * dtypes, and rows of fewer than 4 values go to the original kernel (rows of
 * one value as the sum of a flat view, which it reduces without a transpose).
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { byteOffset, simdKernels } from '../simd/simd';
import { allocate, type BackendWasm } from './wasm-ops';

/** Builds the kernel around the original (kept for everything else). */
export function sumLeadingConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = [...new Set(util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    const cols = util.sizeFromShape(x.shape.slice(axes.length));
    // One column (a one-unit Dense layer's bias gradient): the sum of everything, which the
    // original reduces as the innermost axis of a flat view, without its transpose.
    if (leading && cols === 1) {
      const flat = original.kernelFunc({ ...args, inputs: { x: { dataId: x.dataId, shape: [util.sizeFromShape(x.shape)], dtype: x.dtype } }, attrs: { axis: [0], keepDims: false } }) as TensorInfo;
      const kept = x.shape.slice(axes.length);
      return { ...flat, shape: keepDims ? [...axes.map(() => 1), ...kept] : kept };
    }
    const simd = x.dtype === 'float32' && leading && cols % 4 === 0 ? simdKernels(args.backend as BackendWasm) : null;
    if (simd === null) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const kept = x.shape.slice(axes.length);
    const out = allocate(backend, keepDims ? [...axes.map(() => 1), ...kept] : kept);
    simd.sumRows(byteOffset(backend, x), byteOffset(backend, out), util.sizeFromShape(x.shape.slice(0, axes.length)), cols);
    return out;
  };
  return { ...original, kernelFunc };
}
