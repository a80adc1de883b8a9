/**
 * The tfjs-backend-wasm 4.22.0 kernels that `@dl/backend-wasm/dense/register`
 * leaves out (the families of left-out-kernels.ts); `@dl/backend-wasm/register`
 * loads them after core-kernels.ts.
 */
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { avgPoolConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/AvgPool.js';
import { avgPool3DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/AvgPool3D.js';
import { avgPool3DGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/AvgPool3DGrad.js';
import { avgPoolGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/AvgPoolGrad.js';
import { conv2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Conv2D.js';
import { conv2DBackpropInputConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Conv2DBackpropInput.js';
import { conv3DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Conv3D.js';
import { conv3DBackpropFilterV2Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Conv3DBackpropFilterV2.js';
import { conv3DBackpropInputV2Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Conv3DBackpropInputV2.js';
import { cropAndResizeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/CropAndResize.js';
import { depthToSpaceConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/DepthToSpace.js';
import { depthwiseConv2dNativeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/DepthwiseConv2dNative.js';
import { dilation2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Dilation2D.js';
import { dilation2DBackpropFilterConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Dilation2DBackpropFilter.js';
import { dilation2DBackpropInputConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Dilation2DBackpropInput.js';
import { flipLeftRightConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FlipLeftRight.js';
import { fusedConv2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FusedConv2D.js';
import { fusedDepthwiseConv2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FusedDepthwiseConv2D.js';
import { lrnConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LRN.js';
import { lrnGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LRNGrad.js';
import { maxPoolConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPool.js';
import { maxPool3DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPool3D.js';
import { maxPool3DGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPool3DGrad.js';
import { maxPoolGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPoolGrad.js';
import { maxPoolWithArgmaxConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPoolWithArgmax.js';
import { nonMaxSuppressionV3Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/NonMaxSuppressionV3.js';
import { nonMaxSuppressionV4Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/NonMaxSuppressionV4.js';
import { nonMaxSuppressionV5Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/NonMaxSuppressionV5.js';
import { resizeBilinearConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ResizeBilinear.js';
import { resizeBilinearGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ResizeBilinearGrad.js';
import { resizeNearestNeighborConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ResizeNearestNeighbor.js';
import { resizeNearestNeighborGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ResizeNearestNeighborGrad.js';
import { rotateWithOffsetConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/RotateWithOffset.js';
import { sparseFillEmptyRowsConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SparseFillEmptyRows.js';
import { sparseReshapeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SparseReshape.js';
import { sparseSegmentMeanConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SparseSegmentMean.js';
import { sparseSegmentSumConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SparseSegmentSum.js';
import { sparseToDenseConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SparseToDense.js';
import { stringNGramsConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/StringNGrams.js';
import { stringSplitConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/StringSplit.js';
import { stringToHashBucketFastConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/StringToHashBucketFast.js';
import { transformConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Transform.js';

/** The left-out families' kernels. */
export const extraKernels: readonly KernelConfig[] = [
  avgPoolConfig, avgPool3DConfig, avgPool3DGradConfig, avgPoolGradConfig, conv2DConfig, conv2DBackpropInputConfig,
  conv3DConfig, conv3DBackpropFilterV2Config, conv3DBackpropInputV2Config, cropAndResizeConfig, depthToSpaceConfig,
  depthwiseConv2dNativeConfig, dilation2DConfig, dilation2DBackpropFilterConfig, dilation2DBackpropInputConfig,
  flipLeftRightConfig, fusedConv2DConfig, fusedDepthwiseConv2DConfig, lrnConfig, lrnGradConfig, maxPoolConfig,
  maxPool3DConfig, maxPool3DGradConfig, maxPoolGradConfig, maxPoolWithArgmaxConfig, nonMaxSuppressionV3Config,
  nonMaxSuppressionV4Config, nonMaxSuppressionV5Config, resizeBilinearConfig, resizeBilinearGradConfig,
  resizeNearestNeighborConfig, resizeNearestNeighborGradConfig, rotateWithOffsetConfig, sparseFillEmptyRowsConfig,
  sparseReshapeConfig, sparseSegmentMeanConfig, sparseSegmentSumConfig, sparseToDenseConfig, stringNGramsConfig,
  stringSplitConfig, stringToHashBucketFastConfig, transformConfig,
];
