// tfjs-backend-cpu's flat ESM build (one file, tfjs-core and seedrandom external): the cpu
// provider imports it lazily, so a browser bundle's cpu chunk shares no module with the
// wasm backend's chunk (which imports tfjs-backend-cpu's per-kernel files). Its API is the
// package's own; importing it registers the backend and its kernels.
declare module '@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.fesm.js' {
  export * from '@tensorflow/tfjs-backend-cpu';
}
