/**
 * What `@dl/backend-wasm/dense/register` installs: the dense group of dl's
 * kernels (dense-kernels.ts), and in place of every kernel it leaves out
 * (tfjs-wasm/left-out-kernels.ts: dl's convolution training kernels and some
 * families of tfjs-backend-wasm's) one that throws a BackendError naming
 * `@dl/backend-wasm/register`. tfjs-backend-wasm's MaxPoolGrad gives wrong
 * results, so it cannot simply stay; its Conv2DBackpropInput (correct,
 * slower; also Conv2DTranspose's forward pass) stays. The fused recurrent
 * kernels are left out without a replacement: recurrent layers run their
 * step loop of ops.
 */
import { BackendError } from '@dl/tensor';
import { getGradient, registerGradient } from '@tensorflow/tfjs-core';
import { leftOutKernels } from '../tfjs-wasm/left-out-kernels';
import { denseKernels } from './dense-kernels';
import { installKernels, installLeftOutKernels } from './installer';

/** Every kernel name `@dl/backend-wasm/dense/register` leaves out (its provider's `unsupportedOps`). */
export const leftOutKernelNames: readonly string[] = Object.values(leftOutKernels).flat();

function leftOut(name: string): BackendError {
  const family = Object.keys(leftOutKernels).find((f) => leftOutKernels[f]!.includes(name))!;
  return new BackendError(
    `Cannot run ${name} on wasm: "@dl/backend-wasm/dense/register" leaves out the ${family} kernels. ` +
      'Import "@dl/backend-wasm/register" instead (before setBackend) to use them.',
    { code: 'backend-unsupported-op' },
  );
}

/**
 * The spatial ops whose gradients @dl/tensor loads only for backends that
 * need them (its `BackendProvider.gradients`): in a browser bundle where none
 * has started, this entry registers throwing gradients in their place.
 */
const spatialGradients = [
  'Conv2D', 'Conv2DBackpropInput', 'Conv3D', 'DepthwiseConv2dNative', 'Dilation2D', 'MaxPool', 'MaxPool3D', 'AvgPool', 'AvgPool3D',
  'LRN', 'ResizeBilinear', 'ResizeNearestNeighbor',
];

/**
 * Installs the dense group and the throwing kernels (see the module comment),
 * and throwing gradients for the spatial ops whose gradients are not
 * registered (see {@link spatialGradients}); safe to call again.
 */
export function installDenseKernels(): void {
  installKernels(denseKernels);
  installLeftOutKernels(leftOutKernelNames, leftOut);
  for (const kernelName of spatialGradients) {
    if (getGradient(kernelName) != null) continue;
    registerGradient({
      kernelName,
      gradFunc: () => {
        throw new BackendError(
          `Cannot compute the gradient of ${kernelName} on wasm: "@dl/backend-wasm/dense/register" leaves out the ` +
            'convolution, pooling and image gradients. Import "@dl/backend-wasm/register" instead (before setBackend) to train such layers.',
          { code: 'backend-unsupported-op' },
        );
      },
    });
  }
}
