import type { BackendProvider } from '@dl/tensor';

/**
 * The ops the webgl backend cannot run. Empty: tfjs-backend-webgl 4.22.0 has
 * every kernel the conformance suite exercises, gradients included.
 */
export const unsupportedOps: ReadonlySet<string> = new Set<string>();

/**
 * Why WebGL2 cannot start here, or `undefined` when a WebGL2 context can be
 * made (from an OffscreenCanvas, or a canvas element in a page).
 */
function webgl2Unavailable(): string | undefined {
  let canvas: { getContext(kind: string): unknown } | undefined;
  if (typeof OffscreenCanvas === 'function') {
    canvas = new OffscreenCanvas(1, 1);
  } else if (typeof document !== 'undefined') {
    canvas = document.createElement('canvas');
  }
  if (canvas === undefined) {
    return 'expected a browser or worker with OffscreenCanvas or a document, received neither ' +
      '(in Node, use @dl/backend-node-gpu or @dl/backend-wasm instead).';
  }
  let context: unknown;
  try {
    context = canvas.getContext('webgl2');
  } catch (e) {
    return `expected a WebGL2 context, received an error: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (context === null || context === undefined) {
    return 'expected a WebGL2 context, received none (the browser lacks WebGL2, or it is disabled or blocklisted for this GPU).';
  }
  // Release the probe context at once; browsers cap the number of live contexts.
  (context as { getExtension(name: string): { loseContext(): void } | null })
    .getExtension('WEBGL_lose_context')?.loseContext();
  return undefined;
}

/**
 * The webgl backend provider: tfjs-backend-webgl on WebGL2, in browsers and
 * workers. Registered by `import '@dl/backend-webgl/register'`. Its `init`
 * rejects where WebGL2 is missing (in Node, say), so `ready()` moves on to
 * the next backend.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend } from '@dl/tensor';
 * import { webglBackend } from '@dl/backend-webgl';
 * registerBackend(webglBackend);
 * await setBackend('webgl');
 * ```
 */
export const webglBackend: BackendProvider = {
  name: 'webgl',
  engineName: 'webgl',
  priority: 3,
  packageName: '@dl/backend-webgl',
  unsupportedOps,
  init: async () => {
    const missing = webgl2Unavailable();
    if (missing !== undefined) throw new Error(`WebGL is not available in this runtime: ${missing}`);
    // Registers tfjs' 'webgl' backend factory with the engine.
    await import('@tensorflow/tfjs-backend-webgl');
  },
};
