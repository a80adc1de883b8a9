/**
 * What `@dl/backend-wasm/dense/register` installs: the dense group of dl's
 * kernels (dense-kernels.ts), and in place of the convolution group a kernel
 * per convolution gradient that throws a BackendError naming
 * `@dl/backend-wasm/register` (tfjs-backend-wasm 4.22.0 has no filter or
 * depthwise gradients, and its MaxPoolGrad gives wrong results, so running
 * them silently is not an option). Its Conv2DBackpropInput (correct, slower;
 * also Conv2DTranspose's forward pass) stays. The fused recurrent kernels are
 * left out: recurrent layers run their step loop of ops.
 */
import { BackendError } from '@dl/tensor';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { denseKernels } from './dense-kernels';
import { installKernels, isInstalled } from './installer';

/** The convolution gradients `@dl/backend-wasm/dense/register` cannot run (its provider's `unsupportedOps`). */
export const convGradientKernels: readonly string[] = [
  'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'MaxPoolGrad',
];

/** Marks the throwing kernels, so that `installTrainingKernels()` replaces them (dl's real kernels carry another mark). */
const MISSING = Symbol.for('@dl/backend-wasm/missing-kernel');

function missingKernel(name: string): () => never {
  const kernelFunc = (): never => {
    throw new BackendError(
      `Cannot run ${name} on wasm: "@dl/backend-wasm/dense/register" leaves out the convolution training kernels. ` +
        'Import "@dl/backend-wasm/register" instead (before setBackend) to train convolutional layers on wasm.',
      { code: 'backend-unsupported-op' },
    );
  };
  Object.defineProperty(kernelFunc, MISSING, { value: true });
  return kernelFunc;
}

/** Installs the dense group and the throwing convolution gradients (see the module comment); safe to call again. */
export function installDenseKernels(): void {
  installKernels(denseKernels);
  for (const name of convGradientKernels) {
    const current = getKernel(name, 'wasm');
    // dl's real kernel (both entries in one program) or the throwing one already: leave it.
    if (isInstalled(current) || (current?.kernelFunc as unknown as Record<symbol, unknown> | undefined)?.[MISSING] === true) continue;
    if (current !== undefined) unregisterKernel(name, 'wasm');
    registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: missingKernel(name) });
  }
}
