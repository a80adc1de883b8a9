// The providers' `#tfjs-wasm` and `#tfjs-wasm-dense` imports (package.json "imports"):
// @tensorflow/tfjs-backend-wasm in Node, dist/tfjs-wasm.js and dist/tfjs-wasm-dense.js
// (tfjs-wasm.ts, tfjs-wasm-dense.ts) elsewhere. All of them have this function.
declare module '#tfjs-wasm' {
  import type { WasmPaths } from './provider';
  export function setWasmPaths(prefixOrFileMap: WasmPaths | string): void;
}
declare module '#tfjs-wasm-dense' {
  import type { WasmPaths } from './provider';
  export function setWasmPaths(prefixOrFileMap: WasmPaths | string): void;
}
