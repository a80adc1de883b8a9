/**
 * `Conv2D` for wasm as a patch matrix times the filter on dl's SIMD matmul
 * module (simd-products.ts): im2col (or, with few input channels, the
 * transposed patches) chunk by chunk of images, then `gemm` straight into the
 * output rows. tfjs-backend-wasm 4.22.0 convolves with XNNPACK, which packs
 * the filter again whenever it is a new tensor (every training step) and ran
 * MNIST's convnet layers at 14-29 GFLOPS. Falls back to the original kernel
 * for NCHW, other dtypes, filters that do not fit the module (output channels
 * not a multiple of 4, over the cache budget) and where the module cannot run.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { matmulKernels } from '../simd/matmul';
import { byteOffset } from '../simd/simd';
import { MAX_PATCH_ELEMENTS } from './conv2d-backprop-filter';
import { forEachPatchChunk } from './im2col';
import { FEW_CHANNELS, productFits } from './simd-products';
import { allocate, type BackendWasm } from './wasm-ops';

/** Builds the kernel around the original (kept for what the SIMD path does not serve). */
export function conv2DConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const backend = args.backend as BackendWasm;
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as {
      strides: [number, number] | number; pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW'; dilations: [number, number] | number; dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const kernels = matmulKernels(backend);
    if (kernels === null || dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32') return original.kernelFunc(args);
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
      strides, dilations ?? 1, pad as 'same', dimRoundingMode, false, 'channelsLast');
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const N = info.outChannels;
    // Every chunk has at least one image: at least 4 rows for gemm.
    if (!productFits(info.outHeight * info.outWidth, K, N) || info.batchSize === 0) return original.kernelFunc(args);
    const few = info.inChannels < FEW_CHANNELS;
    const out = allocate(backend, info.outShape);
    const outImage = 4 * info.outHeight * info.outWidth * N; // bytes
    forEachPatchChunk(backend, kernels, x, info, few, MAX_PATCH_ELEMENTS, (cols, b0, P) => {
      // Pixel p's patch, tap k: cols[p, k], or colsT[k, p].
      kernels.gemm(byteOffset(backend, cols), few ? 4 : 4 * K, few ? 4 * P : 4, byteOffset(backend, filter), 0,
        byteOffset(backend, out) + b0 * outImage, P, K, N);
    });
    return out;
  };
  return { ...original, kernelFunc };
}
