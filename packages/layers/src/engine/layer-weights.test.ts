// The Layer engine's weights: build, order, freezing, the reused trainableWeights list,
// shared sublayers, getWeights/setWeights and bad weights.
import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, read, readArray, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { Dense, Layer, type Shape } from '@dl/layers';
import { Composite, thrown } from './engine-test-layers';

describe('build and weights', () => {
  it('builds on the first call, once, from the input shape', () => {
    const layer = new Composite();
    expect(layer.built).toBe(false);
    expect(layer.weights).toEqual([]);
    dl.dispose(dl.tidy(() => [layer.apply(dl.ones([2, 3])), layer.apply(dl.ones([5, 3]))]));
    expect(layer.built).toBe(true);
    expect(layer.builds).toBe(1);
    expect(layer.countParams()).toBe(1 + 3 + 3 * 2 + 2);
    layer.dispose();
  });

  it('orders weights: own trainable, own non-trainable, then sublayers; paths are layer/name', () => {
    const layer = new Composite({ name: 'comp' });
    dl.tidy(() => layer.apply(dl.ones([1, 3])));
    expect(layer.weights.map((w) => w.path)).toEqual(['comp/scale', 'comp/stat', 'comp_inner/kernel', 'comp_inner/bias']);
    expect(layer.trainableWeights.map((w) => w.path)).toEqual(['comp/scale', 'comp_inner/kernel', 'comp_inner/bias']);
    expect(layer.nonTrainableWeights.map((w) => w.path)).toEqual(['comp/stat']);
    expect(layer.layers).toEqual([layer.inner]);
    layer.dispose();
  });

  it('freezes a layer and its sublayers, and unfreezes them', () => {
    const layer = new Composite();
    dl.tidy(() => layer.apply(dl.ones([1, 3])));
    layer.trainable = false;
    expect(layer.trainableWeights).toEqual([]);
    expect(layer.nonTrainableWeights).toHaveLength(4);
    expect(layer.inner.trainable).toBe(false);
    expect(layer.inner.trainableWeights).toEqual([]);
    // The variables say so too: a variableGrads without a list leaves them alone.
    expect(layer.weights.map((w) => w.value.trainable)).toEqual([false, false, false, false]);
    layer.trainable = true;
    expect(layer.trainableWeights).toHaveLength(3);
    expect(layer.weights.map((w) => w.value.trainable)).toEqual([true, false, true, true]);
    layer.dispose();
  });

  it('keeps trainableWeights current through every change of structure (the list is reused between them)', () => {
    const layer = new Composite({ name: 'cache' });
    dl.tidy(() => layer.apply(dl.ones([1, 3])));
    const paths = () => layer.trainableWeights.map((w) => w.path);
    const first = layer.trainableWeights;
    expect(layer.trainableWeights).not.toBe(first); // a fresh array each time: callers may change it
    first.pop();
    expect(paths()).toEqual(['cache/scale', 'cache_inner/kernel', 'cache_inner/bias']);
    // A weight's own flag.
    layer.weights[0]!.trainable = false;
    expect(paths()).toEqual(['cache_inner/kernel', 'cache_inner/bias']);
    layer.weights.find((w) => w.path === 'cache/scale')!.trainable = true;
    // A sublayer frozen on its own.
    layer.inner.trainable = false;
    expect(paths()).toEqual(['cache/scale']);
    layer.inner.trainable = true;
    expect(paths()).toEqual(['cache/scale', 'cache_inner/kernel', 'cache_inner/bias']);
    // A weight added later, and a sublayer tracked later.
    class Grows extends Layer {
      static override readonly className = 'GrowsForTest';
      override call(x: Tensor): Tensor { return x; }
      grow(): void { this.addWeight('extra', { shape: [1] }); }
      adopt(l: Layer): void { this.trackLayer(l); }
      drop(l: Layer): void { this.untrackLayer(l); }
    }
    const g = new Grows({ name: 'grows' });
    expect(g.trainableWeights).toEqual([]);
    g.grow();
    expect(g.trainableWeights.map((w) => w.path)).toEqual(['grows/extra']);
    g.adopt(layer);
    expect(g.trainableWeights).toHaveLength(4);
    g.drop(layer);
    expect(g.trainableWeights).toHaveLength(1);
    g.dispose();
    layer.dispose();
  });

  it('counts a sublayer shared by two sublayers once', () => {
    const shared = new Dense(2);
    class Wrapper extends Layer {
      static override readonly className = 'WrapperForTest';
      constructor(inner: Layer) {
        super();
        this.trackLayer(inner);
      }
      override call(x: Tensor): Tensor {
        return (this.layers[0] as Layer).apply(x);
      }
    }
    class Pair extends Layer {
      static override readonly className = 'PairForTest';
      readonly a = this.trackLayer(new Wrapper(shared));
      readonly b = this.trackLayer(new Wrapper(shared));
      override call(x: Tensor): Tensor {
        return dl.add(this.a.apply(x), this.b.apply(x));
      }
    }
    const pair = new Pair();
    dl.tidy(() => pair.apply(dl.ones([1, 3])));
    expect(pair.weights).toHaveLength(2);
    expect(pair.trainableWeights).toHaveLength(2);
    expect(pair.countParams()).toBe(8);
    pair.dispose();
  });

  it('gives copies with getWeights and checks every shape before setWeights changes anything', async () => {
    const dense = new Dense(2, { name: 'sw' });
    dense.build([null, 3]);
    const copies = dense.getWeights();
    expect(copies.map((t) => t.shape)).toEqual([[3, 2], [2]]);
    expect(copies[0]).not.toBe(dense.kernel!.value);

    expect(thrown(() => dense.setWeights([dl.zeros([3, 2])])).message).toBe('Invalid weights for Dense "sw": expected 2 arrays, received 1.');
    const good = dl.fill([3, 2], 7);
    const bad = dl.zeros([3]);
    const error = thrown(() => dense.setWeights([good, bad]));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe('Invalid value for weight "sw/bias": expected shape (2,), received shape (3,).'.replace('received shape', 'received'));
    // Nothing changed: the kernel is still the original.
    expect(await readArray(dense.kernel!.value)).toEqual(await readArray(copies[0]!));

    dense.setWeights([good, dl.ones([2])]);
    expect(await readArray(dense.bias!.value)).toEqual([1, 1]);
    // setWeights copied: the caller's tensor stays theirs.
    good.dispose();
    expect(Array.from(await read(dense.kernel!.value))).toEqual([7, 7, 7, 7, 7, 7]);
    dl.dispose([...copies, bad]);
    dense.dispose();
  });

  it('leaves nothing half-built when build throws: no weights, no sublayers, no tensors', async () => {
    class Fragile extends Layer {
      static override readonly className = 'FragileForTest';
      fail = true;
      override build(inputShape: Shape): void {
        this.addWeight('w', { shape: [inputShape[1] as number, 2] });
        const sub = this.trackLayer(new Dense(2));
        sub.build(inputShape);
        this.inputSpec = { ndim: 5 };
        if (this.fail) throw new ShapeError('build failed on purpose');
        super.build(inputShape);
      }
      override call(x: Tensor): Tensor {
        return dl.matMul(x, this.weights[0]!.value);
      }
    }
    const layer = new Fragile();
    const x = dl.ones([2, 3]);
    const before = dl.memory().numTensors;
    expect(() => layer.apply(x)).toThrow('build failed on purpose');
    expect(dl.memory().numTensors).toBe(before);
    expect(layer.weights).toEqual([]);
    expect(layer.layers).toEqual([]);
    expect(layer.built).toBe(false);
    expect(layer.inputSpec).toBe(null);
    layer.fail = false;
    const y = layer.apply(x);
    expect(y.shape).toEqual([2, 2]);
    expect(layer.weights).toHaveLength(3);
    dl.dispose([x, y]);
    layer.dispose();
  });

  it('rejects bad weight shapes and unknown initializers in addWeight, naming the layer', () => {
    class Bad extends Layer {
      static override readonly className = 'BadWeightForTest';
      constructor(private readonly what: 'shape' | 'init') {
        super({ name: 'bad' });
      }
      override build(): void {
        if (this.what === 'shape') this.addWeight('w', { shape: [2, -1] });
        else this.addWeight('w', { shape: [2], initializer: 'glorotUniformm' });
      }
      override call(x: Tensor): Tensor {
        return x;
      }
    }
    expect(thrown(() => new Bad('shape').apply(dl.ones([1, 2]))).message).toBe(
      'Invalid shape for weight "w" of BadWeightForTest "bad": expected non-negative integers, received [2,-1].',
    );
    const e = thrown(() => new Bad('init').apply(dl.ones([1, 2])));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(/^Unknown initializer "glorotUniformm" for BadWeightForTest "bad": expected one of .*"GlorotUniform"/);
  });
});
