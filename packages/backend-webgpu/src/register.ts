/**
 * The side-effecting entry of @dl/backend-webgpu: registers the webgpu
 * backend with @dl/tensor, so `ready()` can choose it and
 * `setBackend('webgpu')` works.
 *
 * @example
 * ```ts
 * import '@dl/backend-webgpu/register';
 * import { setBackend } from '@dl/tensor';
 * await setBackend('webgpu');
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@dl/tensor';
import { webgpuBackend } from './provider';

registerBackend(webgpuBackend);
