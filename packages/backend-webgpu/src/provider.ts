import type { BackendProvider } from '@dl/tensor';

/**
 * The ops the webgpu backend cannot run. Empty: tfjs-backend-webgpu 4.22.0 has
 * every kernel the conformance suite exercises, gradients included.
 * Reads must be asynchronous (`await read(t)` / `await t.data()`): on WebGPU
 * `dataSync()` returns zeros or throws.
 */
export const unsupportedOps: ReadonlySet<string> = new Set<string>();

/** The part of `navigator.gpu` this file uses (TypeScript's DOM lib has no WebGPU types yet). */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<object | null>;
}

/**
 * The webgpu backend provider: tfjs-backend-webgpu on the browser's WebGPU.
 * Registered by `import '@dl/backend-webgpu/register'`. Its `init` rejects
 * where `navigator.gpu` is missing or offers no adapter, so `ready()` moves
 * on to the next backend. In Node, use @dl/backend-node-gpu.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend } from '@dl/tensor';
 * import { webgpuBackend } from '@dl/backend-webgpu';
 * registerBackend(webgpuBackend);
 * await setBackend('webgpu');
 * ```
 */
export const webgpuBackend: BackendProvider = {
  name: 'webgpu',
  engineName: 'webgpu',
  priority: 4,
  packageName: '@dl/backend-webgpu',
  unsupportedOps,
  init: async () => {
    const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
    if (gpu === undefined) {
      throw new Error(
        'WebGPU is not available in this runtime: expected `navigator.gpu`, received none ' +
        '(WebGPU needs a recent browser and a secure context, https or localhost; in Node, use @dl/backend-node-gpu).',
      );
    }
    const adapter = await gpu.requestAdapter();
    if (adapter === null) {
      throw new Error(
        'WebGPU is not available in this runtime: `navigator.gpu.requestAdapter()` found no GPU adapter ' +
        '(the GPU or its driver is unsupported or blocklisted by this browser).',
      );
    }
    // Registers tfjs' 'webgpu' backend factory; it checks navigator.gpu when imported.
    await import('@tensorflow/tfjs-backend-webgpu');
  },
};
