import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
// @ts-expect-error: a plain .mjs build script, no types
import { compileWat } from '../../scripts/compile-wat.mjs';
// @ts-expect-error: a plain .mjs build script, no types
import { matmulWat } from '../../scripts/build-matmul-simd.mjs';
import type { BackendWasm } from '../kernels/wasm-ops';
import { setSimd, setSimdMatmul } from '../kernels/testing';
import { matmulKernels } from './matmul';
import { MATMUL_WASM_HEX } from './matmul-wasm';

describe('the matrix-product module', () => {
  it('is what scripts/build-matmul-simd.mjs builds (run it after editing the script), under 4 KB', async () => {
    const bytes: Uint8Array = await compileWat((matmulWat as () => string)());
    expect(Buffer.from(bytes).toString('hex')).toBe(MATMUL_WASM_HEX);
    expect(bytes.length).toBeLessThanOrEqual(4096); // browsers compile up to 4 KB synchronously on the main thread
  });

  it('instantiates on the backend\'s memory (Node has wasm SIMD), and not when SIMD or the module alone is switched off', async () => {
    await dl.setBackend('wasm');
    const backend = dl.engine().findBackend('wasm') as unknown as BackendWasm;
    expect(matmulKernels(backend)).not.toBeNull();
    try {
      setSimdMatmul(false);
      expect(matmulKernels(backend)).toBeNull();
      setSimdMatmul(true);
      setSimd(false);
      expect(matmulKernels(backend)).toBeNull();
    } finally {
      setSimd(true);
      setSimdMatmul(true);
    }
  });
});
