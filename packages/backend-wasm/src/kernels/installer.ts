/**
 * Registers kernel groups for 'wasm' (see install.ts for what dl installs and
 * when): each entry builds its kernel from the currently registered original,
 * and keeps the original's `setupFunc` when it has none of its own.
 * Idempotent: kernels already installed (by this or another copy of this
 * package) are left alone.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';

/** A kernel dl installs: its name, and its config built from the registered original (undefined: leave it). */
export type KernelEntry = readonly [name: string, build: (original: KernelConfig | undefined) => KernelConfig | undefined];

/** Marks kernel functions installed by dl, shared by every copy of this package (ESM and CJS). */
const INSTALLED = Symbol.for('@dl/backend-wasm/kernel');

/** Whether `config` is a kernel dl installed. */
export function isInstalled(config: KernelConfig | undefined): boolean {
  return config !== undefined && (config.kernelFunc as unknown as Record<symbol, unknown>)[INSTALLED] === true;
}

/** Registers each entry's kernel for 'wasm', in place of the original, unless dl's is there already. */
export function installKernels(entries: readonly KernelEntry[]): void {
  for (const [name, build] of entries) {
    const current = getKernel(name, 'wasm');
    if (isInstalled(current)) continue;
    const config = build(current);
    if (config === undefined) continue;
    const kernelFunc = config.kernelFunc;
    Object.defineProperty(kernelFunc, INSTALLED, { value: true });
    if (current !== undefined) unregisterKernel(name, 'wasm');
    // A replaced original may still be called (NCHW fallback, benchmarks): keep its setup.
    const setupFunc = config.setupFunc ?? current?.setupFunc;
    registerKernel({ ...config, kernelName: name, backendName: 'wasm', kernelFunc, ...(setupFunc ? { setupFunc } : {}) });
  }
}

/** Marks the kernels `@dl/backend-wasm/dense/register` installs in place of the ones it leaves out. */
const LEFT_OUT = Symbol.for('@dl/backend-wasm/left-out-kernel');
/** The kernels those replaced (undefined: none was registered), kept for restoreLeftOutKernels; shared by every copy. */
const REPLACED = Symbol.for('@dl/backend-wasm/replaced-kernels');
type Holder = { [REPLACED]?: Map<string, KernelConfig | undefined> };

function replaced(): Map<string, KernelConfig | undefined> {
  const holder = globalThis as Holder;
  return (holder[REPLACED] ??= new Map());
}

/**
 * Registers, for each name, a kernel that throws `error(name)` in place of
 * the registered one (kept for restoreLeftOutKernels), unless dl's own kernel
 * is installed there.
 */
export function installLeftOutKernels(names: readonly string[], error: (name: string) => Error): void {
  for (const name of names) {
    const current = getKernel(name, 'wasm');
    if (isInstalled(current) || (current?.kernelFunc as unknown as Record<symbol, unknown> | undefined)?.[LEFT_OUT] === true) continue;
    const kernelFunc = (): never => {
      throw error(name);
    };
    Object.defineProperty(kernelFunc, LEFT_OUT, { value: true });
    if (current !== undefined) unregisterKernel(name, 'wasm');
    replaced().set(name, current);
    registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc });
  }
}

/** Puts back the kernels installLeftOutKernels replaced (none registered: the name is left free). */
export function restoreLeftOutKernels(): void {
  for (const [name, original] of replaced()) {
    const current = getKernel(name, 'wasm');
    if ((current?.kernelFunc as unknown as Record<symbol, unknown> | undefined)?.[LEFT_OUT] === true) {
      unregisterKernel(name, 'wasm');
      if (original !== undefined) registerKernel(original);
    }
  }
  replaced().clear();
}
