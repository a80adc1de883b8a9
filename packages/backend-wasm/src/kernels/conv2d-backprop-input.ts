/**
 * `Conv2DBackpropInput` for wasm, replacing tfjs-backend-wasm 4.22.0's direct
 * loop (about 2 GFLOPS): the input gradient of conv2d (and the forward pass of
 * conv2dTranspose), dx = col2im(dy · Wᵀ).
 *
 * The filter `[fh, fw, inC, outC]` is transposed once to `[outC, K]`; each
 * chunk of images is one plain XNNPACK `BatchMatMul` `dy[P, outC] · Wᵀ` →
 * `[P, K]` (or dl's SIMD `gemm`, simd-products.ts, where it runs: no packing),
 * scattered back onto dx by col2im (SIMD kernel, or JS). NCHW falls back to
 * the original kernel.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { MAX_PATCH_ELEMENTS, imageRows } from './conv2d-backprop-filter';
import { col2imAddOn, imagesPerChunk } from './im2col';
import { productOn } from './simd-products';
import { allocate, f32, free, runWasmKernel, viewAs, type BackendWasm } from './wasm-ops';

/** Builds the kernel config; `original` (tfjs-backend-wasm's kernel, if any) still serves NCHW. */
export function conv2DBackpropInputConfig(original: KernelConfig | undefined): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const backend = args.backend as BackendWasm;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = args.attrs as unknown as {
      inputShape: [number, number, number, number]; strides: [number, number] | number;
      pad: 'same' | 'valid' | number | backend_util.ExplicitPadding; dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    if (dataFormat === 'NCHW') {
      if (original !== undefined) return original.kernelFunc(args);
      throw new Error('Unsupported `dataFormat` for Conv2DBackpropInput on wasm: expected "NHWC", received "NCHW".');
    }
    const info = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad as 'same', dimRoundingMode, false, 'channelsLast');
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const wT = runWasmKernel(backend, 'Transpose', { x: viewAs(filter, [K, info.outChannels]) }, { perm: [1, 0] });
    const dx = allocate(backend, inputShape);
    f32(backend, dx).fill(0);
    const chunk = imagesPerChunk(info, MAX_PATCH_ELEMENTS);
    for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
      const b1 = Math.min(info.batchSize, b0 + chunk);
      const { rows, owned } = imageRows(backend, dy, b0, b1);
      const cols = productOn(backend, rows, wT) ?? runWasmKernel(backend, 'BatchMatMul', { a: rows, b: wT }, { transposeA: false, transposeB: false });
      if (owned) free(backend, rows);
      col2imAddOn(backend, cols, dx, info, b0, b1);
      free(backend, cols);
    }
    free(backend, wT);
    return dx;
  };
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc };
}
