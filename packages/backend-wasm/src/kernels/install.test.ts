import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import { installTrainingKernels, kernelsWasmLacks, trainingKernelNames } from './install';
import './testing';

const names = (backend: string) => new Set(dl.getKernelsForBackend(backend).map((k) => k.kernelName));

describe('installTrainingKernels', () => {
  it('leaves wasm lacking only the documented kernels the book\'s models never need', async () => {
    await dl.setBackend('wasm');
    const wasm = names('wasm');
    const missing = [...names('cpu')].filter((k) => !wasm.has(k)).sort();
    expect(missing).toEqual(Object.keys(kernelsWasmLacks).sort());
  });

  it('is idempotent: installing again wraps nothing twice', async () => {
    await dl.setBackend('wasm');
    const before = trainingKernelNames.map((n) => dl.getKernel(n, 'wasm'));
    installTrainingKernels();
    installTrainingKernels();
    expect(trainingKernelNames.map((n) => dl.getKernel(n, 'wasm'))).toEqual(before);
    expect(dl.matMul(dl.tensor([[1, 2], [3, 4]]), dl.tensor([[1, 0], [0, 1]]), true, false).arraySync()).toEqual([[1, 3], [2, 4]]);
  });
});
