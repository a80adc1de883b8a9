/**
 * What `@dl/backend-wasm/dense/register`'s provider loads in browser bundles
 * (the package's `#tfjs-wasm-dense` import; Node loads
 * @tensorflow/tfjs-backend-wasm itself): tfjs-backend-wasm's flags, the
 * single-threaded backend (tfjs-wasm/backend.ts), and its kernels but the
 * left-out families (tfjs-wasm/core-kernels.ts). tfjs-wasm.ts adds those.
 */
import '@tensorflow/tfjs-backend-wasm/dist/flags_wasm.js';
import { registerKernel } from '@tensorflow/tfjs-core';
import { registerWasmBackend } from './tfjs-wasm/backend';
import { coreKernels } from './tfjs-wasm/core-kernels';

export { setWasmPaths } from './tfjs-wasm/backend';

for (const config of coreKernels) registerKernel(config);
registerWasmBackend();
