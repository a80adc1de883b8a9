/**
 * The kernels dl installs for convolutional layers on wasm (only
 * `@dl/backend-wasm/register`): the filter and depthwise gradients
 * tfjs-backend-wasm lacks, replacements for its MaxPoolGrad (wrong results)
 * and Conv2DBackpropInput (slow; the original still serves NCHW), and Conv2D
 * on dl's SIMD matmul module (NHWC; the original serves the rest).
 */
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { conv2DConfig } from './conv2d';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import type { KernelEntry } from './installer';
import { maxPoolGradConfig } from './max-pool-grad';

/** The convolution group (see the module comment). */
export const convKernels: readonly KernelEntry[] = [
  ['Conv2DBackpropFilter', () => conv2DBackpropFilterConfig],
  ['Conv2DBackpropInput', (original) => conv2DBackpropInputConfig(original)],
  ['Conv2D', (original) => (original === undefined ? undefined : conv2DConfig(original))],
  ['DepthwiseConv2dNativeBackpropFilter', () => depthwiseConv2dNativeBackpropFilterConfig],
  ['DepthwiseConv2dNativeBackpropInput', () => depthwiseConv2dNativeBackpropInputConfig],
  ['MaxPoolGrad', () => maxPoolGradConfig],
];
