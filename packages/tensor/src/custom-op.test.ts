import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';

describe('customOp', () => {
  it('records one tape node whose gradients run only for the inputs that need one', () => {
    const asked: string[] = [];
    const product = (a: dl.Tensor, b: dl.Tensor) => dl.customOp<dl.Tensor>({
      inputs: { a, b },
      forward: (save) => {
        save([a, b]);
        return dl.mul(a, b);
      },
      backward: (dy, [sa, sb]) => ({
        a: () => { asked.push('a'); return dl.mul(dy, sb!); },
        b: () => { asked.push('b'); return dl.mul(dy, sa!); },
      }),
    });
    dl.tidy(() => {
      const a = dl.tensor1d([2, 3]);
      const b = dl.tensor1d([5, 7]);
      expect(Array.from(product(a, b).dataSync())).toEqual([10, 21]);
      // d/da only: b is data, its gradient is never computed.
      const ga = dl.grad((x: dl.Tensor) => dl.sum(product(x, b)))(a);
      expect(Array.from(ga.dataSync())).toEqual([5, 7]);
      expect(asked).toEqual(['a']);
      const [g1, g2] = dl.grads((x: dl.Tensor, y: dl.Tensor) => dl.sum(product(x, y)))([a, b]);
      expect([Array.from(g1!.dataSync()), Array.from(g2!.dataSync())]).toEqual([[5, 7], [2, 3]]);
    });
  });
});
