/**
 * `Conv2DBackpropFilter` for wasm (tfjs-backend-wasm 4.22.0 has none): the
 * filter gradient of conv2d, dW = colsᵀ · dy.
 *
 * For each chunk of images: im2col of `x` (SIMD kernel, or JS) into cols
 * `[P, K]`, then one plain XNNPACK `BatchMatMul`, `colsᵀ · dy` → `[K, outC]`
 * or `dyᵀ · cols` → `[outC, K]` (whichever packs the smaller right operand),
 * with the left one transposed by the wasm `Transpose` kernel; chunks are
 * summed in float64. Chunks keep the
 * patch matrix under 8M elements (32 MB) whatever the batch size. NHWC only,
 * like the wasm `Conv2D` forward kernel.
 *
 * Where dl's SIMD matmul module runs and the filter fits in cache, each chunk
 * is instead multiplied on it (simd/matmul.ts), with neither operand packed
 * and none transposed after the fact: {@link streamedFilterGradient}.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { colsPerImage, forEachPatchChunk, im2colOn, imagesPerChunk } from './im2col';
import { matmulKernels } from '../simd/matmul';
import { byteOffset } from '../simd/simd';
import { FEW_CHANNELS, SUM_ROWS, addInBlocks, addTransposedProduct, productFits, transposedPlan } from './simd-products';
import { allocate, f32, free, runWasmKernel, viewAs, type BackendWasm } from './wasm-ops';

/** Largest patch matrix built at once, in elements. */
export const MAX_PATCH_ELEMENTS = 1 << 23;

/** The rows `[b0, b1)` (whole images) of an NHWC tensor as a `[rows, channels]` matrix: a view or a copy to free. */
export function imageRows(backend: BackendWasm, t: TensorInfo, b0: number, b1: number): { rows: TensorInfo; owned: boolean } {
  const [batch, h, w, c] = t.shape as [number, number, number, number];
  if (b0 === 0 && b1 === batch) return { rows: viewAs(t, [batch * h * w, c]), owned: false };
  const rows = allocate(backend, [(b1 - b0) * h * w, c]);
  const perImage = h * w * c;
  f32(backend, rows).set(f32(backend, t).subarray(b0 * perImage, b1 * perImage));
  return { rows, owned: true };
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as { strides: [number, number] | number; pad: backend_util.PadInfo['type'] | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number] };
  if (dataFormat === 'NCHW') {
    throw new Error('Unsupported `dataFormat` for Conv2DBackpropFilter on wasm: expected "NHWC", received "NCHW". Transpose the input to NHWC.');
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad as 'same', dimRoundingMode, false, 'channelsLast');
  const simd = streamedFilterGradient(backend, x, dy, info, filterShape);
  if (simd !== null) return simd;
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const outC = info.outChannels;
  const acc = new Float64Array(K * outC); // [K, outC], the filter layout
  const chunk = imagesPerChunk(info, MAX_PATCH_ELEMENTS);

  for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
    const b1 = Math.min(info.batchSize, b0 + chunk);
    const P = ((b1 - b0) * colsPerImage(info)) / K;
    const cols = allocate(backend, [P, K]);
    const { rows: dyRows, owned } = imageRows(backend, dy, b0, b1);
    im2colOn(backend, x, cols, info, b0, b1);
    // XNNPACK packs the right operand on every call (~4-8 ns per element, far
    // more than a transpose), so the smaller of cols and dy goes on the right.
    const packCols = K <= outC;
    const left = runWasmKernel(backend, 'Transpose', { x: packCols ? dyRows : cols }, { perm: [1, 0] });
    const prod = runWasmKernel(backend, 'BatchMatMul', { a: left, b: packCols ? cols : dyRows }, { transposeA: false, transposeB: false });
    free(backend, left, cols);
    if (owned) free(backend, dyRows);
    const p = f32(backend, prod); // [outC, K] when packCols, else [K, outC]
    if (packCols) {
      for (let k = 0; k < K; k++) {
        for (let c = 0; c < outC; c++) acc[k * outC + c]! += p[c * K + k]!;
      }
    } else {
      for (let i = 0; i < acc.length; i++) acc[i]! += p[i]!;
    }
    free(backend, prod);
  }

  const out = allocate(backend, filterShape);
  f32(backend, out).set(acc);
  return out;
};

/**
 * The filter gradient on dl's SIMD matmul module, chunk by chunk of images,
 * summed in float32 in blocks of rows (simd-products.ts): with fewer than
 * {@link FEW_CHANNELS} input channels, the transposed patch matrix times dy
 * (`patchesT` then `gemm`: im2col would copy a float or two per call); else
 * `colsᵀ·dy` streamed (`atbAdd`) straight into the filter layout `[K, outC]`.
 * Null where the module cannot run or the shapes are not served (outC not a
 * multiple of 4, a filter over the cache budget).
 */
function streamedFilterGradient(
  backend: BackendWasm, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo, filterShape: number[],
): TensorInfo | null {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const outC = info.outChannels;
  const kernels = matmulKernels(backend);
  const few = info.inChannels < FEW_CHANNELS && productFits(K, SUM_ROWS, outC);
  const P = info.batchSize * info.outHeight * info.outWidth;
  if (kernels === null || P === 0 || (!few && transposedPlan(P, K, outC) !== 'stream')) return null;
  const sum = allocate(backend, filterShape);
  const dyImage = 4 * info.outHeight * info.outWidth * outC; // bytes
  forEachPatchChunk(backend, kernels, x, info, few, MAX_PATCH_ELEMENTS, (cols, b0, rows) => {
    const [pc, pd] = [byteOffset(backend, cols), byteOffset(backend, dy) + b0 * dyImage];
    if (few) {
      addInBlocks(backend, sum, rows, SUM_ROWS, b0 === 0, (from, count, dst) =>
        kernels.gemm(pc + 4 * from, 4 * rows, 4, pd + 4 * from * outC, 0, byteOffset(backend, dst), K, count, outC));
    } else {
      addTransposedProduct(backend, kernels, pc, pd, sum, rows, K, outC, b0 === 0);
    }
  });
  return sum;
}

/** The kernel config registered for 'wasm' by {@link installTrainingKernels}. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
