/**
 * The side-effecting entry of @dl/backend-node-gpu: registers the node-gpu
 * backend with @dl/tensor, so `ready()` can choose it and
 * `setBackend('node-gpu')` works.
 *
 * @example
 * ```ts
 * import '@dl/backend-node-gpu/register';
 * import { setBackend } from '@dl/tensor';
 * await setBackend('node-gpu');
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@dl/tensor';
import { nodeGpuBackend } from './provider';

registerBackend(nodeGpuBackend);
