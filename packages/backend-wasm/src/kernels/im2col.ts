/**
 * im2col and col2im for NHWC 2-D convolutions, in JS over the wasm heap.
 *
 * The patch matrix of images `[b0, b1)` has one row per output pixel
 * (`p = (b·outH + oh)·outW + ow`, counted from `b0`) and one column per filter
 * tap and input channel (`k = (fh·filterW + fw)·inChannels + c`), so the row
 * of a pixel is the receptive field it reads, zero where it falls in padding.
 * `cols · W[K, outChannels]` is the convolution; `colsᵀ · dy` its filter
 * gradient; and col2im (the adjoint, scatter-add) of `dy · Wᵀ` its input
 * gradient. Both run in time proportional to the matrix size, which is small
 * next to the product that follows; {@link im2colOn} and {@link col2imAddOn}
 * run them as SIMD kernels (simd/conv.wat) where those are available.
 */
import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { convSimdKernels } from '../simd/conv';
import { byteOffset, type ConvGeometry } from '../simd/simd';
import type { MatmulKernels } from '../simd/matmul';
import { allocate, f32, free, type BackendWasm } from './wasm-ops';

type ConvInfo = backend_util.Conv2DInfo;

/** Elements in the patch matrix of one image. */
export function colsPerImage(info: ConvInfo): number {
  return info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
}

/** Images per chunk so a patch matrix stays under `maxElements` (at least 1). */
export function imagesPerChunk(info: ConvInfo, maxElements: number): number {
  return Math.max(1, Math.min(info.batchSize, Math.floor(maxElements / colsPerImage(info))));
}

/** Writes the patch matrix of images `[b0, b1)` of `x` (NHWC) into `cols` (row-major, every element written). */
export function im2col(x: Float32Array, cols: Float32Array, info: ConvInfo, b0: number, b1: number): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  let o = 0;
  for (let b = b0; b < b1; b++) {
    const xb = b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let fh = 0; fh < FH; fh++) {
          const ih = oh * sh - pt + fh * dh;
          if (ih < 0 || ih >= H) {
            cols.fill(0, o, o + FW * C);
            o += FW * C;
            continue;
          }
          for (let fw = 0; fw < FW; fw++) {
            const iw = ow * sw - pl + fw * dw;
            if (iw < 0 || iw >= W) {
              cols.fill(0, o, o + C);
            } else {
              let xi = xb + (ih * W + iw) * C;
              for (let c = 0; c < C; c++) cols[o + c] = x[xi++]!;
            }
            o += C;
          }
        }
      }
    }
  }
}

/** Adds the patch matrix `cols` of images `[b0, b1)` back onto `dx` (NHWC): the adjoint of {@link im2col}. */
export function col2imAdd(cols: Float32Array, dx: Float32Array, info: ConvInfo, b0: number, b1: number): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  let o = 0;
  for (let b = b0; b < b1; b++) {
    const xb = b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let fh = 0; fh < FH; fh++) {
          const ih = oh * sh - pt + fh * dh;
          if (ih < 0 || ih >= H) {
            o += FW * C;
            continue;
          }
          for (let fw = 0; fw < FW; fw++) {
            const iw = ow * sw - pl + fw * dw;
            if (iw >= 0 && iw < W) {
              let xi = xb + (ih * W + iw) * C;
              for (let c = 0; c < C; c++) dx[xi++]! += cols[o + c]!;
            }
            o += C;
          }
        }
      }
    }
  }
}

/** `info`'s geometry as the SIMD kernels take it. */
export function geometry(info: ConvInfo): ConvGeometry {
  return [
    info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.filterHeight, info.filterWidth,
    info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
  ];
}

/** {@link im2col} of tensors on the wasm heap: the SIMD kernel (simd/conv.wat) where it runs, else the JS loop. */
export function im2colOn(backend: BackendWasm, x: TensorInfo, cols: TensorInfo, info: ConvInfo, b0: number, b1: number): void {
  const simd = convSimdKernels(backend);
  if (simd !== null) simd.im2col(byteOffset(backend, x), byteOffset(backend, cols), b0, b1, ...geometry(info));
  else im2col(f32(backend, x), f32(backend, cols), info, b0, b1);
}

/** {@link col2imAdd} of tensors on the wasm heap: the SIMD kernel where it runs, else the JS loop. */
export function col2imAddOn(backend: BackendWasm, cols: TensorInfo, dx: TensorInfo, info: ConvInfo, b0: number, b1: number): void {
  const simd = convSimdKernels(backend);
  if (simd !== null) simd.col2imAdd(byteOffset(backend, dx), byteOffset(backend, cols), b0, b1, ...geometry(info));
  else col2imAdd(f32(backend, cols), f32(backend, dx), info, b0, b1);
}

/**
 * The patch matrix of `x`, chunk by chunk of images (at most `maxElements`
 * values a chunk): `[rows, K]` from im2col or, with `transposed`, `[K, rows]`
 * from the matmul module's `patchesT`; `use(cols, b0, rows)` gets each chunk
 * (first image `b0`), which is freed after.
 */
export function forEachPatchChunk(
  backend: BackendWasm, kernels: MatmulKernels, x: TensorInfo, info: ConvInfo, transposed: boolean, maxElements: number,
  use: (cols: TensorInfo, b0: number, rows: number) => void,
): void {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const chunk = imagesPerChunk(info, maxElements);
  for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
    const b1 = Math.min(info.batchSize, b0 + chunk);
    const rows = ((b1 - b0) * colsPerImage(info)) / K;
    const cols = allocate(backend, transposed ? [K, rows] : [rows, K]);
    if (transposed) kernels.patchesT(byteOffset(backend, x), byteOffset(backend, cols), b0, b1, ...geometry(info));
    else im2colOn(backend, x, cols, info, b0, b1);
    use(cols, b0, rows);
    free(backend, cols);
  }
}
