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

  it('a hidden layer (input recorded on the tape) gets its input gradient from the same call: bit-identical, as cpu', async () => {
    // Two layers: the second one's input is the first one's output.
    const twoLayers = () => {
      const [x, k1, b1, k2, b2, w] = [input([12, 7], 5), input([7, 6], 6), input([6], 7), input([6, 5], 8), input([5], 9), input([12, 5], 10)];
      return dl.grads((kk1: dl.Tensor, bb1: dl.Tensor, kk2: dl.Tensor, bb2: dl.Tensor) => {
        const h = dl.denseForward(x as dl.Tensor2D, kk1 as dl.Tensor2D, bb1, 'relu');
        return dl.sum(dl.mul(dl.denseForward(h, kk2 as dl.Tensor2D, bb2, 'sigmoid'), w));
      })([k1, b1, k2, b2]);
    };
    await dl.setBackend('wasm');
    const profile = await dl.profile(() => { dl.dispose(twoLayers()); });
    // One fused call per layer, and no separate product for the hidden input's gradient.
    expect(profile.kernels.map((k) => k.name).filter((n) => n === name || n === 'BatchMatMul')).toEqual([name, name]);
    const fused = dl.tidy(() => twoLayers().map((t) => Array.from(t.dataSync())));
    saved = dl.getKernel(name, 'wasm')!;
    dl.unregisterKernel(name, 'wasm');
    const composed = dl.tidy(() => twoLayers().map((t) => Array.from(t.dataSync())));
    dl.registerKernel(saved);
    expect(fused).toEqual(composed);
    expect(await maxErrorAgainstCpu(twoLayers)).toBeLessThanOrEqual(1e-5);
  });
});
