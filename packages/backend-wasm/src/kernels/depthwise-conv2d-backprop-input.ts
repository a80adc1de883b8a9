/**
 * `DepthwiseConv2dNativeBackpropInput` for wasm (tfjs-backend-wasm 4.22.0 has
 * none): the input gradient of depthwiseConv2d, in JS over the wasm heap.
 *
 * Scatter form: every output pixel adds Σ_m dy[b, oh, ow, c·M + m] · W[fh, fw, c, m]
 * onto the input pixel each filter tap read, dx[b, ih, iw, c]. Supports
 * strides, dilations, 'same'/'valid'/explicit padding and any channel
 * multiplier M.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, f32, type BackendWasm } from './wasm-ops';

const depthwiseBackpropInput: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as {
    strides: [number, number] | number; dilations: [number, number] | number;
    pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil'; inputShape: [number, number, number, number];
  };
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, dilations, pad as 'same', dimRoundingMode, true);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const M = info.outChannels / C;
  const CM = C * M;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;

  const dx = allocate(backend, inputShape);
  const dxs = f32(backend, dx);
  dxs.fill(0);
  const dys = f32(backend, dy);
  const ws = f32(backend, filter);
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
              for (let c = 0; c < C; c++) dxs[xBase + c]! += dys[dyBase + c]! * ws[wBase + c]!;
            } else {
              for (let c = 0; c < C; c++) {
                const o = c * M;
                let sum = 0;
                for (let m = 0; m < M; m++) sum += dys[dyBase + o + m]! * ws[wBase + o + m]!;
                dxs[xBase + c]! += sum;
              }
            }
          }
        }
      }
    }
  }
  return dx;
};

/** The kernel config registered for 'wasm' by {@link installTrainingKernels}. */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput,
};
