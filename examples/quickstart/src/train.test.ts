import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/register';
// @ts-expect-error: a plain ESM module without types
import { train } from './train.mjs';

type Epoch = { epoch: number; loss: number; accuracy: number };

describe('quickstart training (pnpm start)', () => {
  it.each(['cpu', 'wasm'])('learns the quadrants problem on %s and leaves no tensors behind', async (backend) => {
    await dl.setBackend(backend);
    const before = dl.memory().numTensors;
    const history = (await train({ epochs: 25 })) as Epoch[];
    expect(dl.memory().numTensors).toBe(before);
    expect(history).toHaveLength(25);
    // Chance level for balanced labels is loss ln 2 = 0.693 and accuracy 0.5.
    expect(history[0]!.loss).toBeLessThan(0.7);
    expect(history[24]!.loss).toBeLessThan(0.25);
    expect(history[24]!.accuracy).toBeGreaterThan(0.93);
    await dl.setBackend('cpu');
  });

  it('is repeatable: the same seed gives the same losses on the same backend', async () => {
    const a = (await train({ epochs: 3 })) as Epoch[];
    const b = (await train({ epochs: 3 })) as Epoch[];
    expect(b).toEqual(a);
  });
});
