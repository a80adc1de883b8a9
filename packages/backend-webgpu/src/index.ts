/**
 * @dl/backend-webgpu: the WebGPU backend in the browser (tfjs-backend-webgpu
 * underneath). Import `@dl/backend-webgpu/register` once to make it
 * available; `ready()` prefers it to webgl, wasm and cpu. Read results with
 * `await read(t)`: `dataSync()` does not work on WebGPU.
 *
 * @example
 * ```ts
 * import '@dl/backend-webgpu/register';
 * import { setBackend, matMul, tensor, read } from '@dl/tensor';
 * await setBackend('webgpu');
 * console.log(await read(matMul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])))); // Float32Array [17, 39]
 * ```
 * @packageDocumentation
 */
export { unsupportedOps, webgpuBackend } from './provider';
