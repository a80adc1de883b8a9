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

  it('saves intermediates without a kernel call, keeps them through the forward scope, and frees them with the tape', () => {
    // cube(x) = (x·x)·x, saving the intermediate x·x, which the forward scope disposes.
    const cube = (x: dl.Tensor) => dl.customOp<dl.Tensor>({
      inputs: { x },
      forward: (save) => {
        const sq = dl.mul(x, x);
        save([x, sq]);
        return dl.mul(sq, x);
      },
      backward: (dy, [sx, sq]) => ({ x: () => dl.mul(dy, dl.add(sq!, dl.mul(dl.scalar(2), dl.mul(sx!, sx!)))) }),
    });
    const x = dl.tensor1d([2, -3]);
    const before = dl.memory().numTensors;
    const profile = dl.tidy(() => {
      const names: string[] = [];
      const e = dl.engine() as unknown as { runKernel: (name: string, ...rest: unknown[]) => unknown };
      const run = e.runKernel;
      e.runKernel = function (name: string, ...rest: unknown[]) { names.push(name); return run.call(this, name, ...rest); };
      try {
        const g = dl.grad((t: dl.Tensor) => dl.sum(cube(t)))(x);
        return { names, g: Array.from(g.dataSync()) };
      } finally {
        e.runKernel = run;
      }
    });
    expect(profile.g).toEqual([12, 27]); // 3x²
    // The forward pass runs its two products and the sum, and no clone of the saved tensors.
    expect(profile.names.slice(0, profile.names.indexOf('Sum') + 1)).toEqual(['Multiply', 'Multiply', 'Sum']);
    expect(dl.memory().numTensors).toBe(before);
    // Outside a gradient nothing is saved.
    const y = cube(x);
    expect(Array.from(y.dataSync())).toEqual([8, -27]);
    expect(dl.memory().numTensors).toBe(before + 1);
    dl.dispose([x, y]);
  });
});
