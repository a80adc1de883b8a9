import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { input, maxErrorAgainstCpu, wasmAllocationGrowth } from './testing';

describe('Identity on wasm (shared data)', () => {
  it('clones without copying: one wasm buffer serves both until the last is disposed', async () => {
    await dl.setBackend('wasm');
    const backend = dl.engine().findBackend('wasm')!;
    const x = dl.tensor([1, 2, 3, 4], [2, 2]);
    const buffers = backend.numDataIds();
    const y = dl.clone(x);
    expect(backend.numDataIds()).toBe(buffers);
    x.dispose();
    expect(y.arraySync()).toEqual([[1, 2], [3, 4]]);
    y.dispose();
    expect(backend.numDataIds()).toBe(buffers - 1);
  });

  it('keeps a variable\'s saved value when the variable is assigned afterwards', async () => {
    await dl.setBackend('wasm');
    const v = dl.variable(dl.tensor([1, 2, 3]));
    const saved = dl.clone(v);
    v.assign(dl.tensor([7, 8, 9]));
    expect(saved.arraySync()).toEqual([1, 2, 3]);
    expect(v.arraySync()).toEqual([7, 8, 9]);
    dl.dispose([v, saved]);
  });

  it('gives the same values and gradients as cpu', async () => {
    const err = await maxErrorAgainstCpu(() => {
      const x = input([3, 5], 10);
      return [dl.clone(x), ...dl.grads((t: dl.Tensor) => dl.sum(dl.mul(dl.clone(t), t)))([x])];
    });
    expect(err).toBeLessThanOrEqual(1e-6);
  });

  it('still copies strings (the original kernel)', async () => {
    await dl.setBackend('wasm');
    const s = dl.tensor(['a', 'bc']);
    const c = dl.clone(s);
    s.dispose();
    expect(c.arraySync()).toEqual(['a', 'bc']);
    c.dispose();
  });

  it('leaks no tensors and no wasm buffers', async () => {
    expect(await wasmAllocationGrowth(() => dl.clone(dl.clone(input([4, 4], 11))))).toEqual([0, 0, 0]);
  });
});
