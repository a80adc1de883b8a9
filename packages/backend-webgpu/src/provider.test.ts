import { describe, expect, it } from 'vitest';
import { BackendError, getBackend, registerBackend, setBackend } from '@dl/tensor';
import { webgpuBackend } from './provider';

describe('webgpuBackend', () => {
  it('describes itself as data', () => {
    expect(webgpuBackend).toMatchObject({ name: 'webgpu', engineName: 'webgpu', priority: 4, packageName: '@dl/backend-webgpu' });
    expect([...webgpuBackend.unsupportedOps]).toEqual([]);
  });

  const hasGpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu !== undefined;
  it.runIf(!hasGpu)('rejects without navigator.gpu with a BackendError that names it, and keeps the previous backend', async () => {
    registerBackend(webgpuBackend);
    await setBackend('cpu');
    const error = await setBackend('webgpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('backend-init-failed');
    expect((error as Error).message).toMatch(/^Backend "webgpu" failed to start: WebGPU is not available in this runtime: expected `navigator\.gpu`/);
    expect(getBackend()).toBe('cpu');
  });
});
