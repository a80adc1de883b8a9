import type { BackendProvider } from '@dl/tensor';

/**
 * The ops the node-gpu backend cannot run. Empty: tfjs-backend-webgpu 4.22.0
 * has every kernel the conformance suite exercises, gradients included.
 * Reads must be asynchronous (`await read(t)` / `await t.data()`): in Node,
 * `dataSync()` on WebGPU throws `OffscreenCanvas is not defined`.
 */
export const unsupportedOps: ReadonlySet<string> = new Set<string>();

/** The part of a WebGPU `GPU` object this file uses. */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<object | null>;
}

/** What to install when no adapter is found, for the platform we run on. */
function driverAdvice(): string {
  const platform = (globalThis as { process?: { platform?: string } }).process?.platform;
  if (platform === 'darwin') return 'Dawn uses Metal on macOS, which needs macOS 11 or later on a Mac with a Metal GPU.';
  if (platform === 'win32') return 'Dawn uses Direct3D 12 or Vulkan on Windows: install or update the GPU driver.';
  return 'Dawn uses Vulkan on Linux: install a Vulkan driver, for example Debian/Ubuntu\'s mesa-vulkan-drivers and ' +
    'libvulkan1 (which include lavapipe, a CPU implementation), or your GPU vendor\'s driver; ' +
    '`vulkaninfo --summary` should list a device.';
}

let installed: Promise<GpuLike> | undefined;

/**
 * Makes `navigator.gpu` and the WebGPU globals (`GPUBufferUsage`, ...) exist
 * in Node, from Dawn, once. A runtime that already has `navigator.gpu` keeps
 * its own. tfjs-backend-webgpu looks for `navigator.gpu` when it is imported,
 * so this runs before that import.
 */
function installNavigatorGpu(): Promise<GpuLike> {
  installed ??= (async () => {
    const g = globalThis as Record<string, unknown> & { navigator?: { gpu?: GpuLike } };
    if (g.navigator?.gpu !== undefined) return g.navigator.gpu;
    let dawn: { create(flags: string[]): unknown; globals: object };
    try {
      dawn = await import('webgpu');
    } catch (e) {
      throw new Error(
        `the Dawn WebGPU binding (npm package "webgpu") failed to load: ${e instanceof Error ? e.message : String(e)}. ` +
        'It ships prebuilt for linux-x64, linux-arm64, darwin, win32-x64 and win32-arm64.',
        { cause: e },
      );
    }
    for (const [key, value] of Object.entries(dawn.globals)) {
      if (!(key in g)) g[key] = value;
    }
    const gpu = dawn.create([]) as GpuLike;
    if (g.navigator === undefined) g.navigator = {};
    // Node 21+ has its own navigator object: add the property rather than replace it.
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true, enumerable: true });
    return gpu;
  })();
  installed.catch(() => { installed = undefined; });
  return installed;
}

/**
 * The node-gpu backend provider: tfjs-backend-webgpu running on the machine's
 * GPU from Node, through Dawn (the `webgpu` package) over Vulkan, Metal or
 * Direct3D 12. In the engine it is tfjs' `webgpu` backend. Registered by
 * `import '@dl/backend-node-gpu/register'`. Its `init` rejects when no GPU
 * adapter is found, naming the driver to install, so `ready()` moves on to
 * the next backend.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend } from '@dl/tensor';
 * import { nodeGpuBackend } from '@dl/backend-node-gpu';
 * registerBackend(nodeGpuBackend);
 * await setBackend('node-gpu');
 * ```
 */
export const nodeGpuBackend: BackendProvider = {
  name: 'node-gpu',
  engineName: 'webgpu',
  priority: 4,
  packageName: '@dl/backend-node-gpu',
  unsupportedOps,
  init: async () => {
    const gpu = await installNavigatorGpu();
    const adapter = await gpu.requestAdapter();
    if (adapter === null) {
      throw new Error(
        'No GPU adapter was found: expected `navigator.gpu.requestAdapter()` (Dawn) to return an adapter, ' +
        `received null. ${driverAdvice()}`,
      );
    }
    // Registers tfjs' 'webgpu' backend factory with the engine.
    await import('@tensorflow/tfjs-backend-webgpu');
  },
};
