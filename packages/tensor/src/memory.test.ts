import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';

describe('assertNoLeaks', () => {
  it('passes a function that cleans up, and returns its value (returned tensors are the caller\'s)', async () => {
    const y = await dl.assertNoLeaks(() => dl.tidy(() => dl.add(dl.ones([2]), 1)));
    expect(Array.from(await dl.read(y))).toEqual([2, 2]);
    y.dispose();
    const pair = await dl.assertNoLeaks(async () => {
      const a = dl.ones([3]);
      const b = dl.tidy(() => dl.mul(a, 2));
      return { a, list: [b] };
    });
    dl.dispose([pair.a, ...pair.list]);
  });

  it('throws MemoryLeakError with the count of tensors left behind', async () => {
    const before = dl.memory().numTensors;
    const err = await dl.assertNoLeaks(() => { dl.ones([2]); dl.zeros([3]); }, 'leaky step').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(dl.MemoryLeakError);
    expect((err as dl.MemoryLeakError).leaked).toBe(2);
    expect((err as Error).message).toBe(
      `Tensor leak in leaky step: expected ${before} tensors after it ran (${before} before, 0 returned), received ${before + 2}: 2 tensors left behind. Wrap the work in tidy() or dispose() what is not returned.`,
    );
    dl.disposeVariables();
  });

  it('counts a tensor returned twice once', async () => {
    const t = await dl.assertNoLeaks(() => { const x = dl.ones([1]); return [x, x]; });
    dl.dispose(t[0]!);
  });

  it('tidy, keep and dispose are the engine\'s own', () => {
    const before = dl.memory().numTensors;
    let kept: dl.Tensor | undefined;
    dl.tidy(() => { kept = dl.keep(dl.ones([4])); dl.zeros([4]); });
    expect(dl.memory().numTensors).toBe(before + 1);
    dl.dispose(kept!);
    expect(dl.memory().numTensors).toBe(before);
  });
});

describe('keepShared', () => {
  it('shares the data without a kernel, survives tidy and the original\'s disposal, and frees it with the last reference', async () => {
    const before = dl.memory().numTensors;
    const bytes = dl.memory().numBytes;
    const a = dl.tensor1d([1, 2, 3]);
    const profile = await dl.profile(() => {
      const b = dl.tidy(() => dl.keepShared(a));
      expect(b).not.toBe(a);
      expect(b.shape).toEqual([3]);
      a.dispose();
      expect(b.isDisposed).toBe(false);
      expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
      b.dispose();
    });
    expect(profile.kernels).toEqual([]);
    expect(dl.memory().numTensors).toBe(before);
    expect(dl.memory().numBytes).toBe(bytes);
  });
});

describe('reading values', () => {
  it('reads typed arrays, nested arrays, scalars and several tensors at once', async () => {
    const m = dl.tensor([[1, 2], [3, 4]]);
    expect(Array.from(await dl.read(m))).toEqual([1, 2, 3, 4]);
    expect(await dl.readArray(m)).toEqual([[1, 2], [3, 4]]);
    expect(await dl.readScalar(dl.sum(m))).toBe(10);
    expect(await dl.readScalar(dl.tensor([[7]]))).toBe(7);
    const [a, b] = await dl.readAll([m, dl.scalar(5)]);
    expect(Array.from(a!)).toEqual([1, 2, 3, 4]);
    expect(Array.from(b!)).toEqual([5]);
  });

  it('readScalar rejects a tensor that is not one element', async () => {
    await expect(dl.readScalar(dl.tensor([1, 2]))).rejects.toThrow(
      'Invalid tensor for readScalar: expected exactly 1 element, received shape [2] (2 elements).',
    );
    await expect(dl.readScalar(dl.tensor([1, 2]))).rejects.toBeInstanceOf(dl.ShapeError);
  });
});
