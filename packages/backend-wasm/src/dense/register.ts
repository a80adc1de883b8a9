/**
 * A lighter side-effecting entry of @dl/backend-wasm, for apps that train
 * dense models (Dense, Embedding and the layers without weights): it
 * registers the same wasm backend with every tfjs-backend-wasm kernel and dl's
 * kernels for dense training, and leaves out dl's convolution training
 * kernels and fused recurrent kernels (about 9 KB brotli of a browser bundle).
 * A convolution gradient then throws a BackendError naming
 * `@dl/backend-wasm/register`; recurrent layers run their step loop of ops
 * (the same values, slower). Convolution and pooling forward passes (inference)
 * work. Importing `@dl/backend-wasm/register` too, in any order, gives every kernel.
 *
 * @example
 * ```ts
 * import '@dl/backend-wasm/dense/register';
 * import { setBackend } from '@dl/tensor';
 * await setBackend('wasm');
 * ```
 * @packageDocumentation
 */
import { getBackendProvider, registerBackend } from '@dl/tensor';
import { convGradientKernels, installDenseKernels } from '../kernels/dense-only';
import { createWasmProvider } from '../provider';

// `@dl/backend-wasm/register`'s provider, when that entry was imported first, has every kernel: keep it.
if (getBackendProvider('wasm') === undefined) {
  registerBackend(createWasmProvider(installDenseKernels, new Set(convGradientKernels)));
}
