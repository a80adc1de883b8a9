/**
 * @dl/tensor's Node entry, chosen by the `node` export condition: the main
 * entry (re-exported, the same module instance) plus tfjs' cpu backend,
 * loaded eagerly and selected until `ready()` or `setBackend()` chooses, so
 * that ops work before `ready()` in Node programs, scripts and tests. Browser
 * bundles get the main entry, where the cpu backend's code is loaded only
 * when it is selected.
 *
 * @example
 * ```ts
 * import { tensor, sum, readScalar } from '@dl/tensor'; // in Node: this entry
 * console.log(await readScalar(sum(tensor([1, 2, 3])))); // 6, on cpu, before ready()
 * ```
 * @packageDocumentation
 */
// In this order: the cpu backend registers itself with the engine, then the main entry loads.
import '@tensorflow/tfjs-backend-cpu';
import { engine, findBackend, setBackend } from '@tensorflow/tfjs-core';

// Kept external by tsup.config.ts: dist/index.js (or .cjs), not a second copy of it.
export * from './index';

// tfjs' cpu backend advises installing tfjs-node on first use in Node; dl does not use
// tfjs-node (its install downloads a native library), so that advice is switched off. The
// engine's setBackend completes synchronously for an already-created backend.
if (engine().backendName == null) {
  const cpu = findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null) {
    cpu.firstUse = false;
    void setBackend('cpu');
  }
}
