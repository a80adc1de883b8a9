/**
 * What `@dl/backend-wasm/register`'s provider loads in browser bundles (the
 * package's `#tfjs-wasm` import; Node loads @tensorflow/tfjs-backend-wasm
 * itself): tfjs-wasm-dense.ts (the backend and most kernels; a file of its
 * own, imported here, not copied) and the kernels it leaves out, so every
 * tfjs-backend-wasm kernel, without its multithreaded glue.
 */
import { registerKernel } from '@tensorflow/tfjs-core';
import { extraKernels } from './tfjs-wasm/extra-kernels';

export { setWasmPaths } from './tfjs-wasm-dense';

for (const config of extraKernels) registerKernel(config);
