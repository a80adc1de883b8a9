import { afterAll, describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { input, maxErrorAgainstCpu } from './testing';

/** Output, input, kernel and bias gradients of denseForward under a fixed weighting. */
function denseGrads(activation: dl.DenseActivation, withBias: boolean): dl.Tensor[] {
  const x = input([12, 7], 1);
  const k = input([7, 5], 2);
  const b = withBias ? input([5], 3) : null;
  const w = input([12, 5], 4);
  const f = (xx: dl.Tensor, kk: dl.Tensor, bb?: dl.Tensor) => dl.sum(dl.mul(dl.denseForward(xx as dl.Tensor2D, kk as dl.Tensor2D, bb ?? null, activation), w));
  return withBias ? dl.grads(f)([x, k, b!]) : dl.grads((xx: dl.Tensor, kk: dl.Tensor) => f(xx, kk))([x, k]);
}

const cases = (['linear', 'relu', 'sigmoid'] as const).flatMap((a) => [[a, true], [a, false]] as const);

describe('DlDenseGrad on wasm (Dense backward in one kernel call)', () => {
  const name = dl.fusedKernelNames.denseGrad;
  let saved: dl.KernelConfig | undefined;
  afterAll(() => {
    if (saved !== undefined && dl.getKernel(name, 'wasm') === undefined) dl.registerKernel(saved);
  });

  it.each(cases)('%s (bias %s): bit-identical to the composed backward on wasm, and as cpu', async (activation, withBias) => {
    await dl.setBackend('wasm');
    const profile = await dl.profile(() => { dl.dispose(denseGrads(activation, withBias)); });
    expect(profile.kernels.filter((k) => k.name === name)).toHaveLength(1);
    const fused = dl.tidy(() => denseGrads(activation, withBias).map((t) => Array.from(t.dataSync())));
    saved = dl.getKernel(name, 'wasm')!;
    dl.unregisterKernel(name, 'wasm');
    const composed = dl.tidy(() => denseGrads(activation, withBias).map((t) => Array.from(t.dataSync())));
    dl.registerKernel(saved);
    expect(fused).toEqual(composed);
    expect(await maxErrorAgainstCpu(() => denseGrads(activation, withBias))).toBeLessThanOrEqual(1e-5);
  });
});
