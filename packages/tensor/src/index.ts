/**
 * @dl/tensor: the core tensor interface every dl package uses.
 *
 * tfjs-core's ops and autodiff as one typed surface (every gradient
 * registered once), plus backend selection, memory helpers, one seeded
 * random stream, asynchronous reads and dl's typed errors.
 *
 * @example
 * ```ts
 * import { ready, grad, sum, square, tensor, read } from '@dl/tensor';
 * await ready();
 * const g = grad((x) => sum(square(x)));
 * console.log(await read(g(tensor([1, 2, 3])))); // Float32Array [2, 4, 6]
 * ```
 * @packageDocumentation
 */

// Side effect: every gradient (`#gradients`, package.json "imports": tfjs-core's own
// register_all_gradients in bundles (tfjs-gradients.ts), gradients.ts's inlined copy in Node). The reference cpu
// backend is not imported here: its provider loads it on first use (a separate chunk in a
// browser bundle that picks another backend); the Node entry (node.ts, the `node` export
// condition) loads it eagerly.
import '#gradients';

export * from '@tensorflow/tfjs-core';

// dl's own exports; where a name matches tfjs-core's, dl's version wins.
export {
  availableBackends,
  backendFromEnvironment,
  cpuBackend,
  getBackend,
  getBackendProvider,
  isOpSupported,
  ready,
  registerBackend,
  setBackend,
  type BackendProvider,
} from './backends';
export {
  BackendError,
  ConfigError,
  DLError,
  FormatError,
  MemoryLeakError,
  ShapeError,
  describeValue,
  type BackendErrorCode,
} from './errors';
export { assertNoLeaks, keepShared } from './memory';
export { fusedKernelNames, runFusedKernel } from './fused';
export { denseForward, isDenseActivation, type DenseActivation } from './dense';
export { customOp, type CustomOpSpec } from './custom-op';
export {
  fusedRecurrentKernelNames, hasFusedRecurrent, runFusedRecurrent,
  type FusedRecurrentCell, type FusedRecurrentInputs, type FusedRecurrentOptions, type FusedRecurrentResult,
} from './fused-recurrent';
export { read, readAll, readArray, readScalar } from './read';
export {
  dropout,
  getRandomState,
  getSeed,
  multinomial,
  nextSeed,
  random,
  randomGamma,
  randomInt,
  randomNormal,
  randomStandardNormal,
  randomUniform,
  randomUniformInt,
  setRandomState,
  setSeed,
  type RandomState,
  shuffle,
  truncatedNormal,
} from './seed';
