import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBackend, matMul, read, registerBackend, setBackend, tensor } from '@dl/tensor';
import { nodeGpuBackend } from './provider';

const isCI = process.env['CI'] === 'true';

describe('nodeGpuBackend', () => {
  let startError: unknown;

  beforeAll(async () => {
    registerBackend(nodeGpuBackend);
    try {
      await setBackend('node-gpu');
    } catch (e) {
      startError = e;
      if (!isCI) console.warn(`NOTICE: skipping the node-gpu tests: ${(e as Error).message}`);
    }
  }, 60_000);

  afterAll(async () => {
    await setBackend('cpu');
  });

  it('describes itself as data', () => {
    expect(nodeGpuBackend).toMatchObject({ name: 'node-gpu', engineName: 'webgpu', priority: 4, packageName: '@dl/backend-node-gpu' });
    expect([...nodeGpuBackend.unsupportedOps]).toEqual([]);
  });

  it('starts on the GPU adapter and computes a 2x2 matMul', async (ctx) => {
    if (startError !== undefined) {
      if (isCI) throw startError;
      ctx.skip();
    }
    expect(getBackend()).toBe('node-gpu');
    const product = matMul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]));
    expect(Array.from(await read(product))).toEqual([19, 22, 43, 50]);
  });

  // Hides every Vulkan driver from a child process, so Dawn finds no adapter.
  it.runIf(process.platform === 'linux')('without a driver, rejects with a message that says what to install', async () => {
    const script = [
      "const dl = await import('@dl/tensor');",
      `const { nodeGpuBackend } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});`,
      'dl.registerBackend(nodeGpuBackend);',
      "try { await dl.setBackend('node-gpu'); console.log('started'); }",
      'catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json' },
    });
    const error = JSON.parse(stdout.trim()) as { name: string; code: string; message: string };
    expect(error.code).toBe('backend-init-failed');
    expect(error.message).toMatch(/^Backend "node-gpu" failed to start: No GPU adapter was found: /);
    expect(error.message).toContain('mesa-vulkan-drivers');
  }, 60_000);
});
