import type { BackendProvider } from '@dl/tensor';
import { env } from '@tensorflow/tfjs-core';
import { installTrainingKernels } from './kernels/install';
import { restoreLeftOutKernels } from './kernels/installer';

/** Where the three tfjs-backend-wasm binaries are served from, by file name. */
export interface WasmPaths {
  'tfjs-backend-wasm.wasm'?: string;
  'tfjs-backend-wasm-simd.wasm'?: string;
  'tfjs-backend-wasm-threaded-simd.wasm'?: string;
}

// Kept on globalThis under a registered symbol: `@dl/backend-wasm` and
// `@dl/backend-wasm/register` are separate bundles (and ESM and CJS builds are
// separate again), so module-level state would not reach the registered provider.
const PATHS_KEY = Symbol.for('@dl/backend-wasm/wasm-paths');
type PathsHolder = { [PATHS_KEY]?: WasmPaths | string };

/**
 * Tells the wasm backend where its `.wasm` files are served from in the
 * browser (a URL prefix ending in `/`, or a URL per file). Call it before
 * `setBackend('wasm')`. In Node nothing is needed: the files are found next to
 * tfjs-backend-wasm.
 *
 * @example
 * ```ts
 * import { setWasmPaths } from '@dl/backend-wasm';
 * setWasmPaths('/assets/wasm/');
 * ```
 */
export function setWasmPaths(paths: WasmPaths | string): void {
  (globalThis as PathsHolder)[PATHS_KEY] = paths;
}

/**
 * The ops the wasm backend cannot run: none of the conformance ops, since
 * dl installs the kernels tfjs-backend-wasm lacks (see `installTrainingKernels`).
 */
export const unsupportedOps: ReadonlySet<string> = new Set<string>();

/** Loads tfjs-backend-wasm's backend and kernels (see the `#tfjs-wasm` imports in package.json). */
type LoadTfjsWasm = () => Promise<{ setWasmPaths(paths: WasmPaths | string): void }>;

/** What a wasm provider loads and installs (see createWasmProvider). */
export interface WasmProviderParts {
  /** Loads tfjs-backend-wasm's backend and kernels (`import('#tfjs-wasm')`, or the dense entry's). */
  load: LoadTfjsWasm;
  /** Installs dl's kernels (all of them, or the dense entry's). */
  installKernels: () => void;
  /** The provider's `unsupportedOps`. */
  unsupportedOps: ReadonlySet<string>;
  /** The provider's `gradients` (see @dl/tensor's BackendProvider). Default `'all'`. */
  gradients?: 'all' | 'dense';
}

/**
 * A wasm backend provider that loads tfjs-backend-wasm's backend with `load`
 * and installs dl's kernels with `installKernels` when it starts (everything,
 * or what `@dl/backend-wasm/dense/register` keeps).
 */
export function createWasmProvider({ load, installKernels, unsupportedOps, gradients = 'all' }: WasmProviderParts): BackendProvider {
  return {
    name: 'wasm',
    engineName: 'wasm',
    priority: 2,
    packageName: '@dl/backend-wasm',
    unsupportedOps,
    gradients,
    init: async () => {
      // Kernels an earlier start of the dense entry's provider replaced by throwing ones get their
      // originals back first (a provider with every kernel started after it).
      restoreLeftOutKernels();
      // tfjs-backend-wasm itself in Node; in other environments (browser bundles) dl's
      // single-threaded copy of its backend with its kernels, without the multithreaded glue that
      // tfjs-backend-wasm's entry always imports. Either registers the 'wasm' backend factory and
      // tfjs-backend-wasm's kernels with tfjs-core.
      const tfwasm = await load();
      // Before the backend initializes: it runs the registered kernels' setupFuncs then.
      installKernels();
      // A cross-origin-isolated page would make tfjs pick the threaded build, whose
      // workers fail in bundled apps and leave setBackend('wasm') pending forever.
      env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      const wasmPaths = (globalThis as PathsHolder)[PATHS_KEY];
      if (wasmPaths !== undefined) {
        tfwasm.setWasmPaths(wasmPaths);
      }
    },
  };
}

/**
 * The wasm backend provider (WASM with SIMD, one thread), with every kernel
 * dl adds. Registered by `import '@dl/backend-wasm/register'`.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend } from '@dl/tensor';
 * import { wasmBackend } from '@dl/backend-wasm';
 * registerBackend(wasmBackend);
 * await setBackend('wasm');
 * ```
 */
export const wasmBackend: BackendProvider = /* @__PURE__ */ createWasmProvider({
  load: () => import('#tfjs-wasm'), installKernels: installTrainingKernels, unsupportedOps,
});
