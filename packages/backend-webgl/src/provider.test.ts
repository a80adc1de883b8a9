import { describe, expect, it } from 'vitest';
import { BackendError, availableBackends, getBackend, registerBackend, setBackend } from '@dl/tensor';
import { webglBackend } from './provider';

describe('webglBackend', () => {
  it('describes itself as data', () => {
    expect(webglBackend).toMatchObject({ name: 'webgl', engineName: 'webgl', priority: 3, packageName: '@dl/backend-webgl' });
    expect([...webglBackend.unsupportedOps]).toEqual([]);
  });

  it.runIf(typeof OffscreenCanvas === 'undefined' && typeof document === 'undefined')(
    'rejects in Node with a BackendError that says WebGL is missing, and keeps the previous backend', async () => {
      registerBackend(webglBackend);
      expect(availableBackends().indexOf('webgl')).toBeLessThan(availableBackends().indexOf('cpu'));
      await setBackend('cpu');
      const error = await setBackend('webgl').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).code).toBe('backend-init-failed');
      expect((error as Error).message).toMatch(/^Backend "webgl" failed to start: WebGL is not available in this runtime: .*OffscreenCanvas/);
      expect(getBackend()).toBe('cpu');
    });
});
