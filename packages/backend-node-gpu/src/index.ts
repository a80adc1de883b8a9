/**
 * @dl/backend-node-gpu: the GPU from Node. tfjs-backend-webgpu runs on Dawn
 * (the `webgpu` package), which drives Vulkan on Linux, Metal on macOS and
 * Direct3D 12 on Windows. Import `@dl/backend-node-gpu/register` once to make
 * it available; `ready()` prefers it to wasm and cpu. Read results with
 * `await read(t)`: `dataSync()` does not work on WebGPU.
 *
 * @example
 * ```ts
 * import '@dl/backend-node-gpu/register';
 * import { setBackend, matMul, tensor, read } from '@dl/tensor';
 * await setBackend('node-gpu');
 * console.log(await read(matMul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])))); // Float32Array [17, 39]
 * ```
 * @packageDocumentation
 */
export { nodeGpuBackend, unsupportedOps } from './provider';
