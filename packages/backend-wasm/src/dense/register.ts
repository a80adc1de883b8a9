/**
 * A lighter side-effecting entry of @dl/backend-wasm, for apps that train
 * dense models (Dense, Embedding, normalization, attention and the layers
 * without weights): it registers the same wasm backend with dl's kernels for
 * dense training and tfjs-backend-wasm's kernels, and leaves out dl's
 * convolution training kernels and fused recurrent kernels, some families of
 * tfjs-backend-wasm's kernels that such apps do not run (3-D convolution and
 * pooling, dilation, image ops, non-max suppression, sparse and string ops,
 * LRN, pooling gradients, max-pool with argmax), and, in a browser bundle,
 * the spatial ops' gradients (its provider declares `gradients: 'dense'`):
 * about 15 KB brotli less in a browser bundle. A left-out kernel or gradient
 * throws a BackendError naming `@dl/backend-wasm/register`; recurrent layers
 * run their step loop of ops (the same values, slower). 2-D convolution and
 * pooling run forward (inference). Importing `@dl/backend-wasm/register` too,
 * in any order, gives every kernel.
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
import { installDenseKernels, leftOutKernelNames } from '../kernels/dense-only';
import { createWasmProvider } from '../provider';

// `@dl/backend-wasm/register`'s provider, when that entry was imported first, has every kernel: keep it.
if (getBackendProvider('wasm') === undefined) {
  registerBackend(createWasmProvider({
    load: () => import('#tfjs-wasm-dense'), installKernels: installDenseKernels, unsupportedOps: new Set(leftOutKernelNames),
    // No convolution, pooling or image gradients: in a browser bundle @dl/tensor does not load them for this backend.
    gradients: 'dense',
  }));
}
