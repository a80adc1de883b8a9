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

// Side effects, in this order: the reference cpu backend, then every gradient.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

import { engine, findBackend, setBackend as setEngineBackend } from '@tensorflow/tfjs-core';

// Until ready() or setBackend() chooses, ops run on the reference cpu backend. tfjs' cpu
// backend advises installing tfjs-node on first use in Node; dl does not use tfjs-node (its
// install downloads a native library), so that advice is switched off. The engine's
// setBackend completes synchronously for an already-created backend.
if (engine().backendName == null) {
  const cpu = findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null) {
    cpu.firstUse = false;
    void setEngineBackend('cpu');
  }
}

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
export { assertNoLeaks } from './memory';
export { fusedKernelNames, runFusedKernel } from './fused';
export { denseForward, isDenseActivation, type DenseActivation } from './dense';
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
