/**
 * The side-effecting entry of @dl/backend-webgl: registers the webgl backend
 * with @dl/tensor, so `ready()` can choose it and `setBackend('webgl')` works.
 *
 * @example
 * ```ts
 * import '@dl/backend-webgl/register';
 * import { setBackend } from '@dl/tensor';
 * await setBackend('webgl');
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@dl/tensor';
import { webglBackend } from './provider';

registerBackend(webglBackend);
