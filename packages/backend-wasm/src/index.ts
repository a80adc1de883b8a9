/**
 * @dl/backend-wasm: the WASM-SIMD backend, in Node and in the browser.
 * Import `@dl/backend-wasm/register` once to make it available.
 *
 * @example
 * ```ts
 * import '@dl/backend-wasm/register';
 * import { setBackend } from '@dl/tensor';
 * await setBackend('wasm');
 * ```
 * @packageDocumentation
 */
export { setWasmPaths, unsupportedOps, wasmBackend, type WasmPaths } from './provider';
export { installTrainingKernels, kernelsWasmLacks, trainingKernelNames } from './kernels/install';
