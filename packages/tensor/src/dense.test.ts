import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { values } from '../../../tests/support/values';

const x = () => dl.tensor2d(values(7 * 4, 1), [7, 4]);
const k = () => dl.tensor2d(values(4 * 3, 2), [4, 3]);
const b = () => dl.tensor1d(values(3, 3));
const w = () => dl.tensor2d(values(7 * 3, 4), [7, 3]);

/** The composed oracle: matMul, add, then the activation op. */
function composed(a: dl.Tensor2D, kernel: dl.Tensor2D, bias: dl.Tensor | null, activation: dl.DenseActivation): dl.Tensor {
  const z = bias === null ? dl.matMul(a, kernel) : dl.add(dl.matMul(a, kernel), bias);
  return activation === 'relu' ? dl.relu(z) : activation === 'sigmoid' ? dl.sigmoid(z) : z;
}

describe('denseForward', () => {
  it.each(['linear', 'relu', 'sigmoid'] as const)('%s: output and the gradients of x, kernel and bias equal matMul + add + activation', (activation) => {
    dl.tidy(() => {
      const loss = (f: typeof composed) => (a: dl.Tensor, kernel: dl.Tensor, bias: dl.Tensor) =>
        dl.sum(dl.mul(f(a as dl.Tensor2D, kernel as dl.Tensor2D, bias, activation), w()));
      const got = [dl.denseForward(x(), k(), b(), activation), ...dl.grads(loss((a, kk, bb, act) => dl.denseForward(a, kk, bb, act)))([x(), k(), b()])];
      const want = [composed(x(), k(), b(), activation), ...dl.grads(loss(composed))([x(), k(), b()])];
      got.forEach((g, i) => {
        expect(g.shape).toEqual(want[i]!.shape);
        const gv = g.dataSync();
        const wv = want[i]!.dataSync();
        for (let j = 0; j < gv.length; j++) expect(gv[j]!).toBeCloseTo(wv[j]!, 6);
      });
    });
  });

  it('works without a bias', () => {
    dl.tidy(() => {
      expect(Array.from(dl.denseForward(x(), k(), null, 'relu').dataSync())).toEqual(Array.from(composed(x(), k(), null, 'relu').dataSync()));
    });
  });

  it('computes the input\'s product only when the input needs a gradient (one record on the tape)', async () => {
    const kernel = dl.variable(k());
    const bias = dl.variable(b());
    const data = x();
    const profile = await dl.profile(() => {
      const { value, grads } = dl.variableGrads(() => dl.sum(dl.denseForward(data, kernel, bias, 'relu')) as dl.Scalar, [kernel, bias]);
      dl.dispose([value, ...Object.values(grads)]);
    });
    // forward: one record, the op's (the fused kernel runs inside it without a second dispatch);
    // backward: xᵀ·dy only (no dy·Wᵀ for the data).
    expect(profile.kernels[0]!.name).toBe('forward');
    expect(profile.kernels.filter((r) => r.name === 'forward' || r.name === '_FusedMatMul')).toHaveLength(1);
    expect(profile.kernels.filter((r) => r.name === 'BatchMatMul')).toHaveLength(1);
    expect(profile.newTensors).toBe(0);
    dl.dispose([kernel, bias, data]);
  });
});
