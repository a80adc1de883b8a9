/**
 * The side-effecting entry of @dl/backend-wasm: registers the wasm backend
 * with @dl/tensor, so `ready()` can choose it and `setBackend('wasm')` works.
 *
 * @example
 * ```ts
 * import '@dl/backend-wasm/register';
 * import { setBackend } from '@dl/tensor';
 * await setBackend('wasm');
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@dl/tensor';
import { wasmBackend } from './provider';

registerBackend(wasmBackend);
