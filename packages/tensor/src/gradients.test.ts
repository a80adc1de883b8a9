// The gradients @dl/tensor registers, checked against central finite
// differences (the oracle), and the one-engine guarantee across ESM and CJS.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';

/** Deterministic inputs in [-1, 1) from a 32-bit LCG. */
function input(shape: number[], seed: number, offset = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 31 - 1 + offset;
  }
  return dl.tensor(v, shape);
}

/**
 * Checks grads(f) against (f(x + eps e_i) - f(x - eps e_i)) / 2 eps for every
 * element of every input, where f is reduced to a scalar by a fixed weighting.
 */
async function checkGradient(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], eps = 1e-2, tol = 5e-3) {
  const w = dl.tidy(() => input(f(...xs).shape, 4242));
  const scalarF = (...args: Tensor[]) => dl.sum(dl.mul(f(...args), w));
  const analytic = await Promise.all(dl.grads(scalarF)(xs).map((g) => dl.read(g)));
  let worst = 0;
  for (let k = 0; k < xs.length; k++) {
    const base = await dl.read(xs[k]!);
    for (let i = 0; i < base.length; i++) {
      const shifted = (delta: number) => dl.tidy(() => {
        const v = Float32Array.from(base);
        v[i] = v[i]! + delta;
        const args = xs.map((x, j) => (j === k ? dl.tensor(v, x.shape) : x));
        return scalarF(...args);
      });
      const plus = await dl.readScalar(shifted(eps));
      const minus = await dl.readScalar(shifted(-eps));
      const numeric = (plus - minus) / (2 * eps);
      const err = Math.abs(numeric - analytic[k]![i]!) / (1 + Math.abs(numeric));
      worst = Math.max(worst, err);
    }
  }
  dl.dispose(w);
  expect(worst).toBeLessThan(tol);
}

describe('registered gradients match finite differences (cpu)', () => {
  it('matMul with transposes', async () => {
    await checkGradient((a, b) => dl.matMul(a!, b!, true, false), [input([4, 3], 1), input([4, 5], 2)]);
  });
  it('conv2d, same padding, stride 2', async () => {
    await checkGradient(
      (x, f) => dl.conv2d(x as dl.Tensor4D, f as dl.Tensor4D, 2, 'same'),
      [input([1, 5, 5, 2], 3), input([3, 3, 2, 2], 4)],
    );
  });
  it('depthwiseConv2d', async () => {
    await checkGradient(
      (x, f) => dl.depthwiseConv2d(x as dl.Tensor4D, f as dl.Tensor4D, 1, 'valid'),
      [input([1, 4, 4, 2], 5), input([2, 2, 2, 2], 6)],
    );
  });
  it('maxPool and avgPool', async () => {
    await checkGradient((x) => dl.add(dl.avgPool(x as dl.Tensor4D, 2, 2, 'valid'), dl.maxPool(x as dl.Tensor4D, 2, 2, 'valid')),
      [input([1, 4, 4, 1], 7)], 1e-3);
  });
  it('logSoftmax, softmax, tanh, sigmoid, elu', async () => {
    await checkGradient((x) => dl.add(dl.logSoftmax(x!), dl.mul(dl.softmax(x!), dl.tanh(x!))), [input([3, 4], 8)]);
    await checkGradient((x) => dl.mul(dl.sigmoid(x!), dl.elu(x!)), [input([3, 4], 9)]);
  });
  it('gather (embedding) and unsortedSegmentSum', async () => {
    const ids = dl.tensor([[0, 2], [2, 1]], [2, 2], 'int32');
    await checkGradient((t) => dl.gather(t!, ids), [input([4, 3], 10)]);
    const seg = dl.tensor1d([1, 0, 1], 'int32');
    await checkGradient((t) => dl.unsortedSegmentSum(t!, seg, 2), [input([3, 2], 11)]);
  });
  it('mean, max, sqrt, log, pow', async () => {
    await checkGradient((x) => dl.add(dl.mean(x!, 0), dl.max(x!, 0)), [input([5, 3], 12)]);
    await checkGradient((x) => dl.add(dl.sqrt(x!), dl.mul(dl.log(x!), dl.pow(x!, 1.5))), [input([6], 13, 2)]);
  });
});

describe('gradient registration and the one engine', () => {
  it('registers the gradients of the ops the book uses', () => {
    for (const kernel of ['BatchMatMul', 'Conv2D', 'DepthwiseConv2dNative', 'MaxPool', 'AvgPool', 'GatherV2',
      'Softmax', 'LogSoftmax', 'Tanh', 'Sigmoid', 'Relu', 'Elu', 'Selu', 'Mean', 'Sum', 'Max', 'Conv2DBackpropInput',
      'UnsortedSegmentSum', 'FusedBatchNorm', 'Transpose', 'Reshape', 'Concat', 'SplitV', 'PadV2', 'Tile']) {
      expect(dl.getGradient(kernel), kernel).toBeDefined();
    }
  });

  it('shares one engine and one gradient registry between the ESM and CJS builds', async () => {
    const require = createRequire(import.meta.url);
    const cjs = require('@dl/tensor') as typeof dl;
    expect(cjs.engine()).toBe(dl.engine());
    expect((globalThis as { _tfengine?: unknown })._tfengine).toBe(dl.engine());
    expect(cjs.Tensor).toBe(dl.Tensor);
    expect(cjs.getGradient('Conv2D')).toBe(dl.getGradient('Conv2D'));
    const g = cjs.grad((x: Tensor) => cjs.sum(cjs.square(x)));
    expect(Array.from(await dl.read(g(dl.tensor([1, 2, 3]))))).toEqual([2, 4, 6]);
  });
});
