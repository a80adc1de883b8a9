import * as tfc from '@tensorflow/tfjs-core';
import { BackendError, ConfigError, describeValue } from './errors';

/**
 * What a backend package tells @dl/tensor about itself. A backend package's
 * `register` entry passes one of these to {@link registerBackend}; the
 * built-in `cpu` backend is one too.
 *
 * @example
 * ```ts
 * registerBackend({
 *   name: 'wasm', engineName: 'wasm', priority: 2, packageName: '@dl/backend-wasm',
 *   unsupportedOps: new Set(), init: async () => { await prepareWasm(); },
 * });
 * ```
 */
export interface BackendProvider {
  /** dl's name for it: `cpu`, `wasm`, `webgl`, `webgpu` or `node-gpu` (or a third party's own). */
  readonly name: string;
  /** The name tfjs-core's engine knows it by (node-gpu runs tfjs' `webgpu`). */
  readonly engineName: string;
  /** Higher wins in the automatic choice: node-gpu/webgpu 4, webgl 3, wasm 2, cpu 1. */
  readonly priority: number;
  /** The npm package that provides it, for error messages. */
  readonly packageName: string;
  /** Ops (dl conformance case names or kernel names) this backend cannot run. */
  readonly unsupportedOps: ReadonlySet<string>;
  /**
   * Which of tfjs-core's gradients the backend needs: `'all'` (the default),
   * or `'dense'` for a backend that runs no spatial ops' gradients
   * (convolution, pooling, image resizing, dilation, LRN). In a browser bundle, {@link setBackend} loads those
   * gradients (a chunk of their own) when it starts a backend that needs
   * them; in Node every gradient is registered with the package.
   */
  readonly gradients?: 'all' | 'dense';
  /** Makes the engine backend ready to be selected; rejects with the reason it cannot start. */
  init(): Promise<void>;
}

/** The backends dl ships, and the package that provides each. */
const KNOWN_PACKAGES: Readonly<Record<string, string>> = {
  cpu: '@dl/tensor',
  wasm: '@dl/backend-wasm',
  webgl: '@dl/backend-webgl',
  webgpu: '@dl/backend-webgpu',
  'node-gpu': '@dl/backend-node-gpu',
};

const providers = new Map<string, BackendProvider>();
const initialized = new Map<string, Promise<void>>();
let current: string | undefined;
let choosing: Promise<string> | undefined;

/**
 * Adds a backend to the ones {@link setBackend} and {@link ready} can use.
 * Backend packages call it from their `register` entry; registering the same
 * name again replaces the provider.
 *
 * @throws ConfigError when the provider has no name or engine name.
 * @example
 * ```ts
 * import '@dl/backend-wasm/register'; // calls registerBackend(wasmBackend)
 * ```
 */
export function registerBackend(provider: BackendProvider): void {
  if (typeof provider.name !== 'string' || provider.name === '' ||
      typeof provider.engineName !== 'string' || provider.engineName === '') {
    throw new ConfigError(
      `Invalid backend provider: expected non-empty \`name\` and \`engineName\`, received ${describeValue(provider.name)} and ${describeValue(provider.engineName)}.`,
    );
  }
  providers.set(provider.name, provider);
  initialized.delete(provider.name);
}

/**
 * The provider registered under `name`, if any.
 *
 * @example
 * ```ts
 * getBackendProvider('cpu')?.priority; // 1
 * ```
 */
export function getBackendProvider(name: string): BackendProvider | undefined {
  return providers.get(name);
}

/**
 * The installed (registered) backends, best first: the order {@link ready}
 * tries them in.
 *
 * @example
 * ```ts
 * import '@dl/backend-wasm/register';
 * availableBackends(); // ["wasm", "cpu"]
 * ```
 */
export function availableBackends(): string[] {
  return [...providers.values()]
    .sort((a, b) => b.priority - a.priority)
    .map((p) => p.name);
}

function notInstalled(name: string): BackendError {
  const pkg = KNOWN_PACKAGES[name];
  if (pkg !== undefined) {
    return new BackendError(
      `Backend "${name}" is not installed: add ${pkg} to your dependencies and import "${pkg}/register" before calling setBackend("${name}").`,
      { code: 'backend-not-installed' },
    );
  }
  const names = [...new Set([...Object.keys(KNOWN_PACKAGES), ...providers.keys()])].join(', ');
  return new BackendError(
    `Unknown backend ${describeValue(name)}: expected one of ${names}.`,
    { code: 'backend-unknown' },
  );
}

async function initProvider(provider: BackendProvider): Promise<void> {
  let pending = initialized.get(provider.name);
  if (pending === undefined) {
    pending = provider.init();
    initialized.set(provider.name, pending);
    pending.catch(() => initialized.delete(provider.name));
  }
  await pending;
}

/**
 * Selects a backend by dl name and waits until it is ready. Tensors made on
 * the previous backend move over when they are next used.
 *
 * @throws BackendError `backend-not-installed` (names the package to add),
 *   `backend-unknown`, or `backend-init-failed` (says what failed; the
 *   previous backend stays selected).
 * @example
 * ```ts
 * import { setBackend, getBackend } from '@dl/tensor';
 * import '@dl/backend-wasm/register';
 * await setBackend('wasm');
 * getBackend(); // "wasm"
 * ```
 */
export async function setBackend(name: string): Promise<void> {
  const provider = providers.get(name);
  if (provider === undefined) throw notInstalled(name);
  try {
    await initProvider(provider);
    // The spatial ops' gradients (see BackendProvider.gradients), before the first op on it.
    if (provider.gradients !== 'dense') await import('#spatial-gradients');
  } catch (cause) {
    throw new BackendError(
      `Backend "${name}" failed to start: ${cause instanceof Error ? cause.message : describeValue(cause)}`,
      { code: 'backend-init-failed', cause },
    );
  }
  let ok: boolean;
  try {
    ok = await tfc.setBackend(provider.engineName);
  } catch (cause) {
    throw new BackendError(
      `Backend "${name}" failed to start in the engine: ${cause instanceof Error ? cause.message : describeValue(cause)}`,
      { code: 'backend-init-failed', cause },
    );
  }
  if (!ok) {
    throw new BackendError(
      `Backend "${name}" failed to start: the engine could not initialize "${provider.engineName}" (see the warning above).`,
      { code: 'backend-init-failed' },
    );
  }
  current = name;
}

/**
 * The dl name of the selected backend, or `undefined` before
 * {@link setBackend} or {@link ready} has chosen one.
 *
 * @example
 * ```ts
 * await ready();
 * console.log(getBackend()); // e.g. "wasm"
 * ```
 */
export function getBackend(): string | undefined {
  if (current !== undefined && tfc.engine().backendName === providers.get(current)?.engineName) {
    return current;
  }
  // Someone switched the engine directly; report the engine's name in dl terms.
  const engineName = tfc.engine().backendName;
  if (engineName == null) return undefined;
  const match = [...providers.values()].find((p) => p.engineName === engineName);
  return match?.name ?? engineName;
}

/** The value of `DL_BACKEND` in the environment (Node) or on `globalThis` (browser). */
export function backendFromEnvironment(): string | undefined {
  const g = globalThis as { DL_BACKEND?: unknown; process?: { env?: Record<string, string | undefined> } };
  const fromEnv = g.process?.env?.['DL_BACKEND'];
  const value = fromEnv !== undefined && fromEnv !== '' ? fromEnv : g.DL_BACKEND;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function choose(): Promise<string> {
  const pinned = backendFromEnvironment();
  if (pinned !== undefined) {
    await setBackend(pinned);
    return pinned;
  }
  const failures: string[] = [];
  for (const name of availableBackends()) {
    try {
      await setBackend(name);
      return name;
    } catch (e) {
      failures.push(`${name}: ${e instanceof Error ? e.message : describeValue(e)}`);
    }
  }
  throw new BackendError(
    `No backend could start: expected at least one of ${availableBackends().join(', ')} to initialize, received failures: ${failures.join('; ')}`,
    { code: 'backend-init-failed' },
  );
}

/**
 * Chooses and starts the best backend, once: `DL_BACKEND` when set, else the
 * first installed one that initializes, in the order node-gpu or webgpu,
 * webgl, wasm, cpu. A backend already chosen with {@link setBackend} is kept.
 * Await it before the first op.
 *
 * @returns The dl name of the backend in use.
 * @throws BackendError when `DL_BACKEND` names a backend that is not installed
 *   or fails, or when none can start.
 * @example
 * ```ts
 * import { ready, tensor } from '@dl/tensor';
 * import '@dl/backend-wasm/register';
 * const name = await ready(); // "wasm"
 * ```
 */
export async function ready(): Promise<string> {
  if (current !== undefined) {
    const engineName = providers.get(current)?.engineName;
    if (engineName !== undefined && tfc.engine().backendName === engineName) return current;
  }
  if (choosing === undefined) {
    choosing = choose();
    choosing.catch(() => { choosing = undefined; });
  }
  const name = await choosing;
  choosing = undefined;
  return name;
}

/**
 * Whether `op` is declared unsupported by the selected backend (or by the
 * backend named). Conformance tests and layers read this instead of testing
 * backend names.
 *
 * @example
 * ```ts
 * if (isOpSupported('conv2dBackpropFilter')) { ... }
 * ```
 */
export function isOpSupported(op: string, backend: string | undefined = getBackend()): boolean {
  if (backend === undefined) return true;
  const provider = providers.get(backend);
  return provider === undefined || !provider.unsupportedOps.has(op);
}

// tfjs' cpu backend advises installing tfjs-node on first use in Node; dl does not use
// tfjs-node (its install downloads a native library), so that advice is switched off.
function quietCpu(): void {
  const cpu = tfc.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null) cpu.firstUse = false;
}

/**
 * The built-in reference backend: tfjs' plain-JS cpu backend. In Node it is
 * loaded with @dl/tensor and used until {@link ready} or {@link setBackend}
 * chooses; elsewhere (a browser bundle) its code is a separate chunk that
 * `setBackend('cpu')`, or `ready()` falling back to it, loads on first use.
 *
 * @example
 * ```ts
 * await setBackend('cpu');
 * ```
 */
export const cpuBackend: BackendProvider = {
  name: 'cpu',
  engineName: 'cpu',
  priority: 1,
  packageName: '@dl/tensor',
  unsupportedOps: new Set(),
  init: async () => {
    // Importing it registers the backend and its kernels with the engine. The Node entry has
    // loaded the package already; loading the flat build then would register it twice.
    if (tfc.findBackendFactory('cpu') === null) await import('@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.fesm.js');
    quietCpu();
  },
};
registerBackend(cpuBackend);
