/**
 * The gradients of tfjs-core's spatial ops (convolutions, pooling, image
 * resizing, dilation, LRN), in bundles: a file of its own that setBackend
 * imports (`#spatial-gradients`) when the backend it starts runs spatial
 * ops (every backend but one whose provider says `gradients: 'dense'`), so
 * that an app on such a backend does not load them. In Node they come with
 * gradients.ts.
 */
import { registerGradient, type GradConfig } from '@tensorflow/tfjs-core';
import { avgPool3DGradConfig } from '@tensorflow/tfjs-core/dist/gradients/AvgPool3D_grad.js';
import { avgPoolGradConfig } from '@tensorflow/tfjs-core/dist/gradients/AvgPool_grad.js';
import { conv2DGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Conv2D_grad.js';
import { conv2DBackpropInputGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Conv2DBackpropInput_grad.js';
import { conv3DGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Conv3D_grad.js';
import { depthwiseConv2dNativeGradConfig } from '@tensorflow/tfjs-core/dist/gradients/DepthwiseConv2dNative_grad.js';
import { dilation2dGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Dilation2D_grad.js';
import { lrnGradConfig } from '@tensorflow/tfjs-core/dist/gradients/LRN_grad.js';
import { maxPool3DGradConfig } from '@tensorflow/tfjs-core/dist/gradients/MaxPool3D_grad.js';
import { maxPoolGradConfig } from '@tensorflow/tfjs-core/dist/gradients/MaxPool_grad.js';
import { resizeBilinearGradConfig } from '@tensorflow/tfjs-core/dist/gradients/ResizeBilinear_grad.js';
import { resizeNearestNeighborGradConfig } from '@tensorflow/tfjs-core/dist/gradients/ResizeNearestNeighbor_grad.js';

/** The spatial ops' gradients. */
export const spatialGradients: readonly GradConfig[] = [
  avgPool3DGradConfig, avgPoolGradConfig, conv2DGradConfig, conv2DBackpropInputGradConfig, conv3DGradConfig,
  depthwiseConv2dNativeGradConfig, dilation2dGradConfig, lrnGradConfig, maxPool3DGradConfig, maxPoolGradConfig,
  resizeBilinearGradConfig, resizeNearestNeighborGradConfig,
];

for (const config of spatialGradients) registerGradient(config);
