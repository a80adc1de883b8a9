import { afterEach, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

afterEach(async () => {
  delete process.env['DL_BACKEND'];
  await dl.setBackend('cpu');
});

describe('backend selection', () => {
  it('has the cpu reference backend built in and selected before ready()', async () => {
    expect(dl.availableBackends()).toContain('cpu');
    expect(dl.getBackend()).toBe('cpu');
    expect(await dl.ready()).toBe('cpu');
  });

  it('names the package to add for a known backend that is not installed', async () => {
    const err = await dl.setBackend('webgl').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(dl.BackendError);
    expect((err as dl.BackendError).code).toBe('backend-not-installed');
    expect((err as Error).message).toBe(
      'Backend "webgl" is not installed: add @dl/backend-webgl to your dependencies and import "@dl/backend-webgl/register" before calling setBackend("webgl").',
    );
  });

  it('lists the known names for an unknown backend', async () => {
    const err = await dl.setBackend('tpu').catch((e: unknown) => e);
    expect((err as dl.BackendError).code).toBe('backend-unknown');
    expect((err as Error).message).toMatch(/^Unknown backend "tpu": expected one of cpu, wasm, webgl, webgpu, node-gpu/);
  });

  it('reports a backend that fails to start and keeps the previous one', async () => {
    dl.registerBackend({
      name: 'broken', engineName: 'broken', priority: 0, packageName: 'broken-pkg',
      unsupportedOps: new Set(), init: async () => { throw new Error('no device here'); },
    });
    const err = await dl.setBackend('broken').catch((e: unknown) => e);
    expect((err as dl.BackendError).code).toBe('backend-init-failed');
    expect((err as Error).message).toBe('Backend "broken" failed to start: no device here');
    expect(((err as Error).cause as Error).message).toBe('no device here');
    expect(dl.getBackend()).toBe('cpu');
    expect(await dl.readScalar(dl.add(dl.scalar(1), 2))).toBe(3);
  });

  it('falls back, in priority order, past a backend that cannot start', async () => {
    dl.registerBackend({
      name: 'best-but-broken', engineName: 'nothing', priority: 100, packageName: 'x',
      unsupportedOps: new Set(), init: async () => { throw new Error('cannot start'); },
    });
    expect(dl.availableBackends()[0]).toBe('best-but-broken');
    // Force a fresh choice: select the engine backend directly, then ask again.
    await dl.engine().setBackend('cpu');
    expect(await dl.ready()).toBe('cpu');
  });

  it('honours DL_BACKEND in a fresh process, and fails loudly when it names a missing backend', () => {
    const script = `import('@dl/tensor').then(async (dl) => {
      try { console.log('chose', await dl.ready()); } catch (e) { console.log(e.code, e.message); }
    });`;
    const run = (value: string) => execFileSync(process.execPath, ['-e', script], {
      cwd: packageDir, env: { ...process.env, DL_BACKEND: value }, encoding: 'utf8',
    }).trim();
    expect(run('cpu')).toBe('chose cpu');
    expect(run('webgpu')).toBe(
      'backend-not-installed Backend "webgpu" is not installed: add @dl/backend-webgpu to your dependencies and import "@dl/backend-webgpu/register" before calling setBackend("webgpu").',
    );
  });

  it('main entry (what browser bundles get): loads the cpu backend only when it is selected', () => {
    // The Node entry (the `node` condition, used above) loads cpu eagerly; the main entry's
    // cpu provider imports tfjs-backend-cpu in its init, so a bundle that selects another
    // backend never loads it.
    const script = `import('./dist/index.js').then(async (dl) => {
      const before = [dl.getBackend() ?? 'none', dl.findBackendFactory('cpu') === null];
      const chosen = await dl.ready();
      const sum = await dl.readScalar(dl.sum(dl.tensor([1, 2, 3])));
      console.log(JSON.stringify([...before, chosen, dl.findBackendFactory('cpu') !== null, sum]));
    });`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: packageDir, encoding: 'utf8' }).trim();
    expect(JSON.parse(out)).toEqual(['none', true, 'cpu', true, 6]);
  });

  it('declares unsupported ops as data', () => {
    dl.registerBackend({
      name: 'partial', engineName: 'cpu', priority: 0, packageName: 'p',
      unsupportedOps: new Set(['conv2dBackprop']), init: async () => {},
    });
    expect(dl.isOpSupported('conv2dBackprop', 'partial')).toBe(false);
    expect(dl.isOpSupported('matMul', 'partial')).toBe(true);
    expect(dl.isOpSupported('conv2dBackprop', 'cpu')).toBe(true);
  });

  it('rejects a provider without names', () => {
    expect(() => dl.registerBackend({ ...dl.cpuBackend, name: '' })).toThrow(dl.ConfigError);
  });
});
