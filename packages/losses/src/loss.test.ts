import * as dl from '@dl/tensor';
import {
  ConfigError, DLError, ShapeError, abs, grad, mean, read, readScalar, sub, tensor1d, tensor2d, tensor3d, type Tensor,
} from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  BinaryCrossentropy, CategoricalCrossentropy, Huber, Loss, MeanSquaredError, SparseCategoricalCrossentropy,
  binaryCrossentropy, categoricalCrossentropy, checkSparseLabels, deserialize, get, meanSquaredError, registerLoss,
  serialize, sparseCategoricalCrossentropy, type LossArgs,
} from '@dl/losses';

class MeanAbsCustom extends Loss {
  static override readonly className = 'MeanAbsCustom';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_abs_custom');
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return mean(abs(sub(yPred, yTrue)), -1);
  }
}

describe('registry', () => {
  it('resolves camelCase, snake_case, class names and Keras short aliases', () => {
    expect(get('binaryCrossentropy')).toBeInstanceOf(BinaryCrossentropy);
    expect(get('binary_crossentropy')).toBeInstanceOf(BinaryCrossentropy);
    expect(get('BinaryCrossentropy')).toBeInstanceOf(BinaryCrossentropy);
    expect(get('mse')).toBeInstanceOf(MeanSquaredError);
    expect(get('MSE').name).toBe('mean_squared_error');
    expect(get('kld').className).toBe('KLDivergence');
    expect(get('huber_loss')).toBeInstanceOf(Huber);
  });

  it('serializes and deserializes with the config', () => {
    const s = serialize(new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 0, reduction: 'sum' }));
    expect(s).toEqual({
      className: 'SparseCategoricalCrossentropy',
      config: { name: 'sparse_categorical_crossentropy', reduction: 'sum', fromLogits: true, ignoreClass: 0 },
    });
    const back = deserialize(JSON.parse(JSON.stringify(s)));
    expect(back.getConfig()).toEqual(s.config);
    expect(deserialize(serialize(new SparseCategoricalCrossentropy())).getConfig()).toMatchObject({ ignoreClass: null });
  });

  it('registerLoss makes a downstream class loadable; built-in names are refused', async () => {
    registerLoss(MeanAbsCustom, { aliases: ['mean_abs_custom'] });
    const l = get('mean_abs_custom');
    expect(l).toBeInstanceOf(MeanAbsCustom);
    expect(await readScalar(l.apply(tensor2d([[0, 0]]), tensor2d([[1, 3]])))).toBe(2);
    expect(deserialize(serialize(new MeanAbsCustom({ reduction: 'sum' })))).toBeInstanceOf(MeanAbsCustom);
    expect(() => registerLoss(MeanAbsCustom, { aliases: ['mse'] })).toThrow(ConfigError);
  });

  it('wraps a plain function, and names unknown losses in the error', async () => {
    const l = get((t, p) => meanSquaredError(t, p));
    expect(await readScalar(l.apply(tensor2d([[0]]), tensor2d([[2]])))).toBe(4);
    expect(() => get('meanCubedError')).toThrow(/Unknown loss "meanCubedError": expected one of meanSquaredError/);
  });
});

describe('typed errors', () => {
  it('labels and predictions of different shapes raise a ShapeError', () => {
    expect(() => meanSquaredError(tensor2d([[1, 2, 3]]), tensor2d([[1, 2]]))).toThrow(ShapeError);
    expect(() => binaryCrossentropy(tensor2d([[1, 0]]), tensor2d([[0.5], [0.5]]))).toThrow(
      /Invalid `yTrue` for binaryCrossentropy: expected the shape of `yPred` \[2,1\].*received \[1,2\]/,
    );
    expect(() => sparseCategoricalCrossentropy(tensor1d([0, 1, 2]), tensor2d([[0.5, 0.5], [0.5, 0.5]]))).toThrow(ShapeError);
    expect(() => new MeanSquaredError().apply(tensor2d([[1], [2]]), tensor2d([[1], [2]]), tensor1d([1, 2, 3]))).toThrow(
      /Invalid `sampleWeight`/,
    );
  });

  it('bad options raise a ConfigError', () => {
    expect(() => new MeanSquaredError({ reduction: 'avg' as never })).toThrow(ConfigError);
    expect(() => new BinaryCrossentropy({ labelSmoothing: 1.5 })).toThrow(/`labelSmoothing`.*\[0, 1\], received 1.5/);
    expect(() => new Huber({ delta: Number.NaN })).toThrow(ConfigError);
    expect(() => categoricalCrossentropy(tensor2d([[1, 0]]), tensor2d([[1, 0]]), { axis: 2 })).toThrow(ConfigError);
    expect(() => new SparseCategoricalCrossentropy({ axis: 0 })).toThrow(ConfigError);
    expect(new ConfigError('x')).toBeInstanceOf(DLError);
  });

  it('a sparse label outside [0, numClasses) gives NaN in the step, and checkSparseLabels raises a ConfigError', async () => {
    const p = tensor2d([[0.2, 0.8], [0.6, 0.4], [0.5, 0.5]]);
    const values = await read(sparseCategoricalCrossentropy(tensor1d([1, 2, -1]), p));
    expect(values[0]).toBeCloseTo(-Math.log(0.8), 6);
    expect(Number.isNaN(values[1])).toBe(true);
    expect(Number.isNaN(values[2])).toBe(true);
    await expect(checkSparseLabels(tensor1d([1, 0, 2]), 2)).rejects.toThrow(
      'Invalid `yTrue` for sparseCategoricalCrossentropy: expected integer class ids in [0, 2), received 2 at flat index 2.',
    );
    await expect(checkSparseLabels(tensor1d([1, 0.5]), 2)).rejects.toThrow(ConfigError);
    await expect(checkSparseLabels(tensor1d([1, -1, 0]), 2, { ignoreClass: -1 })).resolves.toBeUndefined();
  });
});

describe('numerics', () => {
  it('logit paths stay finite, with finite gradients, at extreme logits', async () => {
    const t = tensor2d([[1, 0, 1, 0]]);
    const x = tensor2d([[-200, 200, 200, -200]]);
    expect(await readScalar(new BinaryCrossentropy({ fromLogits: true }).apply(t, x))).toBeCloseTo(100, 4);
    const g = await read(grad((z) => new BinaryCrossentropy({ fromLogits: true }).apply(t, z))(x));
    expect(Array.from(g).map((v) => Math.round(v * 4))).toEqual([-1, 1, 0, 0]);
    const c = tensor3d([[[1, 0, 0]]]);
    const gc = await read(grad((z) => new CategoricalCrossentropy({ fromLogits: true }).apply(c, z))(tensor3d([[[-500, 500, 0]]])));
    expect(Array.from(gc).every(Number.isFinite)).toBe(true);
  });

  it('a masked mean counts only samples that are not ignored', async () => {
    const loss = new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 });
    const logits = tensor2d([[0, 0], [5, -5], [1, 1]]);
    const all = await readScalar(loss.apply(tensor1d([0, -1, 1]), logits));
    expect(all).toBeCloseTo(Math.log(2), 6); // two valid samples, each log 2
  });
});

describe('mean squared error gradient (one tape node)', () => {
  it('equals the gradients of mean((t - p)^2, -1) composed from ops, for yPred and yTrue, and central differences', () => {
    dl.tidy(() => {
      const t = dl.tensor2d([[0.5, -1, 2], [1, 0, -0.25]]);
      const p = dl.tensor2d([[1, 1, 1], [-2, 0.5, 0.75]]);
      const w = dl.tensor1d([0.3, -1.7]);
      const loss = (f: (a: dl.Tensor, b: dl.Tensor) => dl.Tensor) => (a: dl.Tensor, b: dl.Tensor) => dl.sum(dl.mul(f(a, b), w));
      const got = dl.grads(loss(meanSquaredError))([t, p]);
      const want = dl.grads(loss((a, b) => dl.mean(dl.square(dl.sub(a, b)), -1)))([t, p]);
      got.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(want[i]!.dataSync()).map((v) => expect.closeTo(v, 6))));
      // central differences on yPred[1][2]
      const f = (v: number) => dl.sum(dl.mul(meanSquaredError(t, dl.tensor2d([[1, 1, 1], [-2, 0.5, v]])), w)).dataSync()[0]!;
      const h = 1e-2;
      expect(got[1]!.dataSync()[5]!).toBeCloseTo((f(0.75 + h) - f(0.75 - h)) / (2 * h), 4);
    });
  });

  it('MeanSquaredError.apply without weights is one fused mean: the value and gradients of the composed mean, central differences', () => {
    dl.tidy(() => {
      const t = dl.tensor2d([[0.5, -1, 2], [1, 0, -0.25]]);
      const p = dl.tensor2d([[1, 1, 1], [-2, 0.5, 0.75]]);
      const mse = new MeanSquaredError();
      const composed = (a: dl.Tensor, b: dl.Tensor) => dl.mean(dl.mean(dl.square(dl.sub(a, b)), -1));
      expect(mse.apply(t, p).dataSync()[0]!).toBeCloseTo(composed(t, p).dataSync()[0]!, 6);
      const got = dl.grads((a: dl.Tensor, b: dl.Tensor) => mse.apply(a, b))([t, p]);
      const want = dl.grads(composed)([t, p]);
      got.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(want[i]!.dataSync()).map((v) => expect.closeTo(v, 6))));
      const f = (v: number) => mse.apply(t, dl.tensor2d([[1, 1, 1], [-2, 0.5, v]])).dataSync()[0]!;
      const h = 1e-2;
      expect(got[1]!.dataSync()[5]!).toBeCloseTo((f(0.75 + h) - f(0.75 - h)) / (2 * h), 4);
      // A [batch] label against [batch, 1] predictions, the 'mean' reduction, and the weighted path agree with the composition.
      const t1 = dl.tensor1d([1, 2, 4]);
      const p1 = dl.tensor2d([[0], [2.5], [3]]);
      expect(new MeanSquaredError({ reduction: 'mean' }).apply(t1, p1).dataSync()[0]!).toBeCloseTo((1 + 0.25 + 1) / 3, 6);
      expect(mse.apply(t1, p1, dl.tensor1d([1, 1, 1])).dataSync()[0]!).toBeCloseTo((1 + 0.25 + 1) / 3, 6);
      expect(new MeanSquaredError({ reduction: 'sum' }).apply(t1, p1).dataSync()[0]!).toBeCloseTo(2.25, 6);
    });
  });

  it('Huber trains: its gradient is e inside delta and delta·sign(e) past it (central differences), on both sides of delta', () => {
    dl.tidy(() => {
      const t = dl.tensor2d([[0, 0, 0, 0]]);
      const p = dl.tensor2d([[0.5, -0.25, 3, -2]]);
      const huberLoss = new Huber({ delta: 1 });
      const g = dl.grad((x: dl.Tensor) => huberLoss.apply(t, x))(p).dataSync();
      // mean over 4 entries: e/4 inside, ±1/4 outside
      expect(Array.from(g)).toEqual([0.125, -0.0625, 0.25, -0.25].map((v) => expect.closeTo(v, 6)));
      const h = 1e-3;
      const at = (v: number) => huberLoss.apply(t, dl.tensor2d([[0.5, -0.25, v, -2]])).dataSync()[0]!;
      expect(g[2]!).toBeCloseTo((at(3 + h) - at(3 - h)) / (2 * h), 3);
      expect(huberLoss.apply(t, p).dataSync()[0]!).toBeCloseTo((0.125 + 0.03125 + 2.5 + 1.5) / 4, 6);
    });
  });
});
