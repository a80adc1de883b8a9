/**
 * `MaxPoolGrad` for wasm, replacing tfjs-backend-wasm 4.22.0's kernel, which
 * returns wrong gradients as soon as there is more than one channel or the
 * windows overlap (measured: error 0.75 on a [1,4,4,2] input with 2×2/2
 * pooling). A SIMD kernel (simd/conv.wat, 4 channels at a time) where it
 * runs, else the same loop in JS over the wasm heap.
 *
 * Each output pixel sends its dy to the first maximum of its window (strictly
 * greater wins, padding excluded, as in the cpu backend); a window of only
 * NaN or −∞ sends nothing.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { convSimdKernels } from '../simd/conv';
import { byteOffset } from '../simd/simd';
import { allocate, f32, type BackendWasm } from './wasm-ops';

const maxPoolGrad: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: [number, number] | number; strides: [number, number] | number;
    pad: 'same' | 'valid' | number | backend_util.ExplicitPadding; dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad as 'same', dimRoundingMode);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { effectiveFilterHeight: FH, effectiveFilterWidth: FW, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;

  const dx = allocate(backend, input.shape);
  const dxs = f32(backend, dx);
  dxs.fill(0);
  const simd = convSimdKernels(backend);
  if (simd !== null) {
    simd.maxPoolGrad(byteOffset(backend, input), byteOffset(backend, dy), byteOffset(backend, dx), B, H, W, C, OH, OW, FH, FW, sh, sw, dh, dw, pt, pl);
    return dx;
  }
  const xs = f32(backend, input);
  const dys = f32(backend, dy);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let bi = 0; bi < B; bi++) {
    const xb = bi * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - pt;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sw - pl;
        best.fill(-Infinity);
        where.fill(-1);
        for (let fh = 0; fh < FH; fh += dh) {
          const ih = h0 + fh;
          if (ih < 0 || ih >= H) continue;
          for (let fw = 0; fw < FW; fw += dw) {
            const iw = w0 + fw;
            if (iw < 0 || iw >= W) continue;
            const base = xb + (ih * W + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = xs[base + c]!;
              if (v > best[c]!) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((bi * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          const at = where[c]!;
          if (at >= 0) dxs[at]! += dys[dyBase + c]!;
        }
      }
    }
  }
  return dx;
};

/** The kernel config registered for 'wasm' by {@link installTrainingKernels}. */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
};
