// The two kernel lists of dl's single-threaded tfjs-backend-wasm backend against
// tfjs-backend-wasm 4.22.0's own register_all_kernels.js: together exactly its kernels, and
// the left-out one exactly the tfjs-backend-wasm families of left-out-kernels.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreKernels } from './core-kernels';
import { extraKernels } from './extra-kernels';
import { leftOutKernels } from './left-out-kernels';

const require = createRequire(import.meta.url);
const registerAll = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist/register_all_kernels.js');

describe('tfjs-backend-wasm kernel lists', () => {
  it('core and extra are register_all_kernels.js\' configs, each once', () => {
    const names = [...readFileSync(registerAll, 'utf8').matchAll(/^import \{ (\w+) \} from '\.\/kernels\/\w+';$/gm)].map((m) => m[1]);
    expect(names.length).toBe(157);
    const ours = [...coreKernels, ...extraKernels];
    expect(ours.length).toBe(names.length);
    expect(new Set(ours.map((k) => k.kernelName)).size).toBe(ours.length);
  });

  it('extra holds exactly the left-out kernels that tfjs-backend-wasm has', () => {
    const files = new Set([...readFileSync(registerAll, 'utf8').matchAll(/^import \{ \w+ \} from '\.\/kernels\/(\w+)';$/gm)].map((m) => m[1]));
    const tfjsLeftOut = Object.values(leftOutKernels).flat().filter((n) => files.has(n));
    expect(extraKernels.map((k) => k.kernelName).sort()).toEqual([...tfjsLeftOut].sort());
    expect(coreKernels.every((k) => k.backendName === 'wasm' && !tfjsLeftOut.includes(k.kernelName))).toBe(true);
  });
});
