import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
// @ts-expect-error: a plain .mjs build script, no types
import { compileWat } from '../../scripts/compile-wat.mjs';
// @ts-expect-error: a plain .mjs build script, no types
import { recurrentWats } from '../../scripts/build-recurrent-simd.mjs';
import type { BackendWasm } from '../kernels/wasm-ops';
import { setSimd } from '../kernels/testing';
import { gruSimpleKernels, lstmKernels } from './recurrent';
import { GRU_SIMPLE_WASM_HEX, LSTM_WASM_HEX } from './recurrent-wasm';

describe('the recurrent step modules', () => {
  it('are what scripts/build-recurrent-simd.mjs builds (run it after editing the script), each under 4 KB', async () => {
    const wats = (recurrentWats as () => Record<string, string>)();
    for (const [name, committed] of [['lstm', LSTM_WASM_HEX], ['gruSimple', GRU_SIMPLE_WASM_HEX]] as const) {
      const bytes: Uint8Array = await compileWat(wats[name]!);
      expect(Buffer.from(bytes).toString('hex'), name).toBe(committed);
      expect(bytes.length).toBeLessThanOrEqual(4096); // browsers compile up to 4 KB synchronously on the main thread
    }
  });

  it('instantiate on the backend\'s memory (Node has wasm SIMD), and not when SIMD is switched off', async () => {
    await dl.setBackend('wasm');
    const backend = dl.engine().findBackend('wasm') as unknown as BackendWasm;
    expect(lstmKernels(backend)).not.toBeNull();
    expect(gruSimpleKernels(backend)).not.toBeNull();
    setSimd(false);
    try {
      expect(lstmKernels(backend)).toBeNull();
      expect(gruSimpleKernels(backend)).toBeNull();
    } finally {
      setSimd(true);
    }
  });
});
