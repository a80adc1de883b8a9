import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
// @ts-expect-error: a plain .mjs build script, no types
import { compileWat } from '../../scripts/compile-wat.mjs';
// @ts-expect-error: a plain .mjs build script, no types
import { recurrentWat } from '../../scripts/build-recurrent-simd.mjs';
import type { BackendWasm } from '../kernels/wasm-ops';
import { setSimd } from '../kernels/testing';
import { recurrentKernels } from './recurrent';
import { RECURRENT_WASM_BASE64 } from './recurrent-wasm';

describe('the LSTM step module', () => {
  it('is what scripts/build-recurrent-simd.mjs builds (run it after editing the script)', async () => {
    const bytes: Uint8Array = await compileWat((recurrentWat as () => string)());
    expect(Buffer.from(bytes).toString('base64')).toBe(RECURRENT_WASM_BASE64);
    expect(bytes.length).toBeLessThanOrEqual(4096); // browsers compile up to 4 KB synchronously on the main thread
  });

  it('instantiates on the backend\'s memory (Node has wasm SIMD), and not when SIMD is switched off', async () => {
    await dl.setBackend('wasm');
    const backend = dl.engine().findBackend('wasm') as unknown as BackendWasm;
    expect(recurrentKernels(backend)).not.toBeNull();
    setSimd(false);
    try {
      expect(recurrentKernels(backend)).toBeNull();
    } finally {
      setSimd(true);
    }
  });
});
