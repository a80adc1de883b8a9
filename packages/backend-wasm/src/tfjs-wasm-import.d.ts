// The provider's `#tfjs-wasm` import (package.json "imports"): @tensorflow/tfjs-backend-wasm
// in Node, dist/tfjs-wasm.js (src/tfjs-wasm.ts) elsewhere. Both have this function.
declare module '#tfjs-wasm' {
  import type { WasmPaths } from './provider';
  export function setWasmPaths(prefixOrFileMap: WasmPaths | string): void;
}
