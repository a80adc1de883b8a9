// `@dl/backend-wasm/dense/register` alone: the dense group of dl's kernels, throwing
// convolution gradients that name the full entry, no fused recurrent kernels; importing
// `@dl/backend-wasm/register` afterwards gives every kernel at the next setBackend.
import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/dense/register';
import { leftOutKernels } from '../tfjs-wasm/left-out-kernels';

const x = () => dl.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
const filterGrad = () => dl.grad((f) => dl.sum(dl.conv2d(x(), f as dl.Tensor4D, 1, 'valid')))(dl.ones([2, 2, 1, 1]));
const poolGrad = () => dl.grad((t) => dl.sum(dl.maxPool(t as dl.Tensor4D, 2, 1, 'valid')))(x());

describe('@dl/backend-wasm/dense/register', () => {
  it('starts wasm with dl\'s dense kernels, and declares the convolution gradients unsupported', async () => {
    await dl.setBackend('wasm');
    const provider = dl.getBackendProvider('wasm')!;
    expect([...provider.unsupportedOps].sort()).toEqual(Object.values(leftOutKernels).flat().sort());
    expect(dl.isOpSupported('MaxPoolGrad')).toBe(false);
    expect(dl.isOpSupported('Conv3D')).toBe(false);
    expect(dl.isOpSupported('MatMul')).toBe(true);
    for (const name of ['DlRMSprop', 'DlAdam', 'DlDenseGrad', 'UnsortedSegmentSum']) expect(dl.getKernel(name, 'wasm'), name).toBeDefined();
    // a transposed product (the fast path dl wraps around XNNPACK) and an embedding gradient (UnsortedSegmentSum)
    expect(dl.matMul(dl.tensor([[1, 2], [3, 4]]), dl.tensor([[1, 0], [0, 1]]), true, false).arraySync()).toEqual([[1, 3], [2, 4]]);
    const table = dl.tensor([[1, 1], [2, 2], [3, 3]]);
    const dTable = dl.grad((t) => dl.sum(dl.gather(t, dl.tensor1d([0, 2, 0], 'int32'))))(table);
    expect(dTable.arraySync()).toEqual([[2, 2], [0, 0], [1, 1]]);
  });

  it('leaves out convolution and pooling: forward and gradients throw a BackendError naming @dl/backend-wasm/register', async () => {
    await dl.setBackend('wasm');
    const conv = () => dl.conv2d(x(), dl.ones([2, 2, 1, 1]) as dl.Tensor4D, 1, 'valid');
    const pool = () => dl.maxPool(x(), 2, 1, 'valid');
    for (const [run, kernel] of [[conv, 'Conv2D'], [pool, 'MaxPool'], [filterGrad, 'Conv2D'], [poolGrad, 'MaxPool']] as const) {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(dl.BackendError);
      expect((error as dl.BackendError).code).toBe('backend-unsupported-op');
      expect((error as Error).message).toBe(
        `Cannot run ${kernel} on wasm: "@dl/backend-wasm/dense/register" leaves out the convolution and pooling kernels. ` +
          'Import "@dl/backend-wasm/register" instead (before setBackend) to use them.');
    }
  });

  it('replaces every left-out kernel by one that throws a BackendError naming its family', async () => {
    await dl.setBackend('wasm');
    for (const [family, names] of Object.entries(leftOutKernels)) {
      for (const name of names) {
        const kernel = dl.getKernel(name, 'wasm');
        expect(kernel, name).toBeDefined();
        expect(() => kernel!.kernelFunc({ inputs: {}, attrs: {}, backend: dl.engine().backend }), name).toThrow(
          `Cannot run ${name} on wasm: "@dl/backend-wasm/dense/register" leaves out the ${family} kernels.`);
      }
    }
    // e.g. a 3-D convolution, through the op
    expect(() => dl.conv3d(dl.ones([1, 2, 2, 2, 1]) as dl.Tensor5D, dl.ones([1, 1, 1, 1, 1]) as dl.Tensor5D, 1, 'valid'))
      .toThrow('Cannot run Conv3D on wasm: "@dl/backend-wasm/dense/register" leaves out the convolution and pooling kernels.');
  });

  it('has no fused recurrent kernels: recurrent layers run their step loop', async () => {
    await dl.setBackend('wasm');
    expect(dl.hasFusedRecurrent('lstm')).toBe(false);
    expect(dl.hasFusedRecurrent('gru')).toBe(false);
  });

  it('gives every kernel once @dl/backend-wasm/register is imported too (at the next setBackend)', async () => {
    await import('@dl/backend-wasm/register');
    await dl.setBackend('wasm');
    expect(dl.getBackendProvider('wasm')!.unsupportedOps.size).toBe(0);
    expect(Array.from(filterGrad().dataSync())).toEqual([12, 16, 24, 28]);
    expect(Array.from(poolGrad().dataSync())).toEqual([0, 0, 0, 0, 1, 1, 0, 1, 1]);
    expect(dl.hasFusedRecurrent('lstm')).toBe(true);
    // tfjs-backend-wasm's own kernels are back where the dense entry had left them out
    expect(Array.from(dl.conv3d(dl.ones([1, 2, 2, 2, 1]) as dl.Tensor5D, dl.ones([1, 1, 1, 1, 1]) as dl.Tensor5D, 1, 'valid').dataSync()))
      .toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(dl.isOpSupported('Conv3D')).toBe(true);
  });
});
