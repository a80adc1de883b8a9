/**
 * @dl/backend-webgl: the WebGL2 backend, in browsers and workers
 * (tfjs-backend-webgl underneath). Import `@dl/backend-webgl/register` once
 * to make it available; `ready()` prefers it to wasm and cpu.
 *
 * @example
 * ```ts
 * import '@dl/backend-webgl/register';
 * import { setBackend, matMul, tensor, read } from '@dl/tensor';
 * await setBackend('webgl');
 * console.log(await read(matMul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])))); // Float32Array [17, 39]
 * ```
 * @packageDocumentation
 */
export { unsupportedOps, webglBackend } from './provider';
