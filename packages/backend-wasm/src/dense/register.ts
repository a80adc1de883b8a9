/**
 * A lighter side-effecting entry of @dl/backend-wasm, for apps whose models
 * are built from dense layers (Dense, Embedding, normalization, attention,
 * global pooling, merging, reshaping, dropout and noise layers): it registers
 * the same wasm backend with dl's kernels for dense training and
 * tfjs-backend-wasm's kernels, and leaves out what such models never run:
 * convolution and pooling (forward and backward, dl's kernels and
 * tfjs-backend-wasm's), dl's fused recurrent kernels, and
 * tfjs-backend-wasm's dilation, image, non-max suppression, sparse, string
 * and LRN kernels; its provider declares `gradients: 'dense'`, so a browser
 * bundle does not load the spatial ops' gradients for it either. About 16 KB
 * brotli less in a browser bundle. A left-out kernel throws a BackendError
 * naming `@dl/backend-wasm/register`; recurrent layers run their step loop of
 * ops (the same values, slower). Importing `@dl/backend-wasm/register` too, in
 * any order, gives every kernel.
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
    // No spatial op runs here: in a browser bundle @dl/tensor does not load their gradients for this backend.
    gradients: 'dense',
  }));
}
