import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/register';
// @ts-expect-error: a plain ESM module without types
import { train } from './train.mjs';

type Result = { history: Record<string, number[]>; test: Record<string, number>; params: number };

describe('quickstart: the book\'s MNIST example (pnpm start)', () => {
  it('learns the embedded MNIST digits on wasm and leaves no tensors behind', async () => {
    await dl.setBackend('wasm');
    const before = dl.memory().numTensors;
    const r = (await train({ epochs: 2 })) as Result;
    expect(dl.memory().numTensors).toBe(before);
    expect(r.params).toBe(784 * 512 + 512 + 512 * 10 + 10); // 407,050, as the book's summary
    expect(r.history['loss']).toHaveLength(2);
    expect(r.history['loss']![1]!).toBeLessThan(r.history['loss']![0]!);
    // Ten classes: chance is 0.1. Two epochs on 8,000 digits reach well above 0.9.
    expect(r.test['accuracy']!).toBeGreaterThan(0.9);
    await dl.setBackend('cpu');
  });

  it('is repeatable: the same seed gives the same losses on the same backend', async () => {
    await dl.setBackend('wasm');
    const a = (await train({ epochs: 1, trainSamples: 1024 })) as Result;
    const b = (await train({ epochs: 1, trainSamples: 1024 })) as Result;
    expect(b.history).toEqual(a.history);
    await dl.setBackend('cpu');
  });
});
