/// <reference types="vite/client" />
/**
 * Setup for the browser project (vitest.config.ts): passes CI=true into the
 * page, and tells tfjs-backend-wasm where Vite serves its binaries (the `?url`
 * recipe: Vite emits the three .wasm files as assets).
 */
import { inject } from 'vitest';
// dl's setWasmPaths, as a user's app would call it; the files come from tfjs-backend-wasm.
import { setWasmPaths } from '@dl/backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Whether the run is under CI=true (read by tests/conformance/suite.ts's isCI()). */
    dlCI: boolean;
  }
}

(globalThis as { __DL_CI__?: boolean }).__DL_CI__ = inject('dlCI');

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': simdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
});
