/**
 * `DepthwiseConv2dNativeBackpropFilter` for wasm (tfjs-backend-wasm 4.22.0
 * has none): the filter gradient of depthwiseConv2d (and of separableConv2d's
 * depthwise step), in JS over the wasm heap.
 *
 * dW[fh, fw, c, m] = Σ_{b, oh, ow} x[b, oh·sh − pt + fh·dh, ow·sw − pl + fw·dw, c] · dy[b, oh, ow, c·M + m],
 * accumulated in float64. The inner loops run over the contiguous channel
 * axis. Supports strides, dilations, 'same'/'valid'/explicit padding and any
 * channel multiplier M.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, f32, type BackendWasm } from './wasm-ops';

const depthwiseBackpropFilter: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number; dilations: [number, number] | number;
    pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number];
  };
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, dilations, pad as 'same', dimRoundingMode, true);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const M = info.outChannels / C;
  const CM = C * M;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;

  const acc = new Float64Array(FH * FW * CM);
  const xs = f32(backend, x);
  const dys = f32(backend, dy);
  for (let bi = 0; bi < B; bi++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyBase = ((bi * OH + oh) * OW + ow) * CM;
        for (let fh = 0; fh < FH; fh++) {
          const ih = oh * sh - pt + fh * dh;
          if (ih < 0 || ih >= H) continue;
          for (let fw = 0; fw < FW; fw++) {
            const iw = ow * sw - pl + fw * dw;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((bi * H + ih) * W + iw) * C;
            const wBase = (fh * FW + fw) * CM;
            if (M === 1) {
              for (let c = 0; c < C; c++) acc[wBase + c]! += xs[xBase + c]! * dys[dyBase + c]!;
            } else {
              for (let c = 0; c < C; c++) {
                const xv = xs[xBase + c]!;
                const o = c * M;
                for (let m = 0; m < M; m++) acc[wBase + o + m]! += xv * dys[dyBase + o + m]!;
              }
            }
          }
        }
      }
    }
  }
  const out = allocate(backend, filterShape);
  f32(backend, out).set(acc);
  return out;
};

/** The kernel config registered for 'wasm' by {@link installTrainingKernels}. */
export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter,
};
