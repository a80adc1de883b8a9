// The Layer engine: names, input specs, casting, masks, losses,
// symbolic calls, registries, Lambda and memory. Loss values against NumPy fixtures
// (packages/layers/fixtures/base_fixtures.py).
import { readFileSync } from 'node:fs';
import * as dl from '@dl/tensor';
import { ConfigError, read, FormatError, ShapeError, assertNoLeaks, readArray, readScalar, tensor2d, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  Activation, Dense, Embedding, Flatten, Input, Lambda, Layer, Masking, RepeatVector,
  deserializeLayer, getLayerClass, getMask, l1, l2, registerLambda, registerLayer, registeredLayers, serializeLayer,
  type CallOptions, type LayerConfig,
} from '@dl/layers';
import { Composite, thrown } from './engine-test-layers';

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/base.json', import.meta.url), 'utf8')) as {
  denseLosses: { x: number[][]; kernel: number[][]; bias: number[]; y: number[][]; kernelL1: number; biasL2: number; activityL2: number };
};



describe('names', () => {
  it('numbers automatic names per class as Keras does: dense, dense_1, ...', () => {
    const a = new Dense(1);
    const b = new Dense(1);
    const n = a.name === 'dense' ? 0 : Number(a.name.slice('dense_'.length));
    expect(a.name).toMatch(/^dense(_\d+)?$/);
    expect(b.name).toBe(`dense_${n + 1}`);
    expect(new Dense(1, { name: 'mine' }).name).toBe('mine');
  });

  it('turns class names into Keras snake_case', () => {
    const named = (className: string) => {
      class C extends Layer {
        static override readonly className = className;
        override call(x: Tensor) {
          return x;
        }
      }
      return new C().name.replace(/_\d+$/, '');
    };
    expect(named('Conv2D')).toBe('conv2d');
    expect(named('MaxPooling2D')).toBe('max_pooling2d');
    expect(named('Conv2DTranspose')).toBe('conv2d_transpose');
    expect(named('SimpleRNN')).toBe('simple_rnn');
    expect(named('LSTM')).toBe('lstm');
    expect(named('BatchNormalization')).toBe('batch_normalization');
    expect(named('GlobalAveragePooling1D')).toBe('global_average_pooling1d');
  });

  it('rejects bad names and arguments naming the argument', () => {
    expect(thrown(() => new Dense(1, { name: 'a/b' })).message).toBe(
      'Invalid `name` for Dense: expected a non-empty string without "/" or spaces, received "a/b".',
    );
    expect(thrown(() => new Dense(1, { name: 'd', trainable: 'yes' as never })).message).toBe(
      'Invalid `trainable` for Dense "d": expected true or false, received "yes".',
    );
    expect(thrown(() => new Dense(1, { name: 'd', dtype: 'float16' as never })).message).toBe(
      'Invalid `dtype` for Dense "d": expected "float32" or "int32", received "float16".',
    );
    expect(thrown(() => new Dense(1, { name: 'd', inputShape: [0] })).message).toMatch(/^Invalid `inputShape` for Dense "d"/);
  });
});

describe('input specs', () => {
  it('names the layer, input, axis, expected and received size', () => {
    const dense = new Dense(3, { name: 'spec' });
    dl.tidy(() => dense.apply(dl.ones([2, 4])));
    const e = thrown(() => dense.apply(dl.ones([2, 5])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('Input 0 of Dense "spec" is incompatible: expected axis -1 of size 4, received 5 (shape (2, 5)).');
    expect(thrown(() => dense.apply(dl.ones([4]))).message).toBe(
      'Input 0 of Dense "spec" is incompatible: expected ndim >= 2, received ndim 1 (shape (4,)).',
    );
    // Symbolic inputs are checked the same way, with None for unknown sizes.
    expect(thrown(() => dense.apply(Input({ shape: [6] }))).message).toBe(
      'Input 0 of Dense "spec" is incompatible: expected axis -1 of size 4, received 6 (shape (None, 6)).',
    );
    dense.dispose();
  });

  it('checks exact ranks', () => {
    const e = thrown(() => new RepeatVector(2, { name: 'rv' }).apply(dl.ones([2, 3, 4])));
    expect(e.message).toBe('Input 0 of RepeatVector "rv" is incompatible: expected ndim 2, received ndim 3 (shape (2, 3, 4)).');
  });

  it('rejects what is not a tensor', () => {
    expect(() => new Dense(1).apply([] as never)).toThrow(/expected a Tensor, a SymbolicTensor or an array of them/);
    expect(() => new Dense(1).apply([1, 2] as never)).toThrow(ShapeError);
  });
});

describe('dtypes', () => {
  it('casts int32 inputs to float32 for Dense', async () => {
    const dense = new Dense(2, { kernelInitializer: 'ones' });
    const y = dense.apply(tensor2d([[1, 2]], [1, 2], 'int32'));
    expect(y.dtype).toBe('float32');
    expect(await readArray(y)).toEqual([[3, 3]]);
    expect(dense.apply(Input({ shape: [2], dtype: 'int32' })).dtype).toBe('float32');
    y.dispose();
    dense.dispose();
  });

  it('gives Embedding its int32 ids as they are', () => {
    const seen: string[] = [];
    class Spy extends Embedding {
      override call(x: Tensor): Tensor {
        seen.push(x.dtype);
        return super.call(x);
      }
    }
    const emb = new Spy(5, 2);
    const ids = tensor2d([[1, 4]], [1, 2], 'int32');
    const y = emb.apply(ids);
    expect(seen).toEqual(['int32']);
    expect(y.dtype).toBe('float32');
    expect(emb.apply(Input({ shape: [3], dtype: 'int32' })).dtype).toBe('float32');
    dl.dispose([ids, y]);
    emb.dispose();
  });
});

describe('masks', () => {
  it('Embedding with maskZero makes a mask that Activation and Dense pass on', async () => {
    const emb = new Embedding(5, 3, { maskZero: true });
    const ids = tensor2d([[3, 1, 0, 0], [2, 0, 4, 0]], [2, 4], 'int32');
    const vectors = emb.apply(ids);
    expect(await readArray(getMask(vectors)!)).toEqual([[1, 1, 0, 0], [1, 0, 1, 0]]);
    const act = new Activation('tanh').apply(vectors);
    expect(getMask(act)).toBe(getMask(vectors));
    const dense = new Dense(2);
    const y = dense.apply(act);
    expect(getMask(y)).toBe(getMask(vectors));
    // Flatten does not support masking: the mask stops there.
    const flat = new Flatten().apply(y);
    expect(getMask(flat)).toBe(null);
    // An explicit mask wins over the attached one.
    const explicit = dl.tensor2d([[1, 1, 1, 1], [1, 1, 1, 1]], [2, 4], 'bool');
    expect(getMask(new Activation('relu').apply(vectors, { mask: explicit }))).toBe(explicit);
    // Without maskZero there is no mask.
    const plain = new Embedding(5, 3);
    expect(getMask(plain.apply(ids))).toBe(null);
    emb.dispose();
    dense.dispose();
    plain.dispose();
  });

  it('Masking masks the timesteps whose features all equal maskValue, and zeroes them', async () => {
    const x = dl.tensor3d([[[1, 2], [-1, -1], [0, -1]], [[-1, -1], [-1, -1], [3, 3]]]);
    const y = new Masking({ maskValue: -1 }).apply(x);
    expect(await readArray(getMask(y)!)).toEqual([[1, 0, 1], [0, 0, 1]]);
    // (-1 · 0 is -0, as in Keras: compare values.)
    expect(Array.from(await read(y)).map((v) => v + 0)).toEqual([1, 2, 0, 0, 0, -1, 0, 0, 0, 0, 3, 3]);
  });
});

describe('losses', () => {
  it('adds weight penalties (computed now) and the activity penalty of the last call, as the NumPy fixture', async () => {
    const f = fixtures.denseLosses;
    const dense = new Dense(2, {
      activation: 'relu', kernelRegularizer: l1(0.01), biasRegularizer: l2(0.02), activityRegularizer: l2(0.003),
    });
    dense.build([null, 4]);
    dense.setWeights([tensor2d(f.kernel), dl.tensor1d(f.bias)]);
    expect(dense.losses).toHaveLength(2);
    const y = dense.apply(tensor2d(f.x));
    const losses = dense.losses;
    expect(losses).toHaveLength(3);
    const values = await Promise.all(losses.map((l) => readScalar(l)));
    const expected = [f.kernelL1, f.biasL2, f.activityL2];
    values.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-5 * expected[i]!));
    expect(Array.from(await read(y)).every((v, i) => Math.abs(v - f.y.flat()[i]!) <= 1e-5 * Math.abs(f.y.flat()[i]!) + 1e-6)).toBe(true);
    // The next call replaces the activity loss rather than adding to it.
    const again = dense.apply(tensor2d(f.x));
    expect(dense.losses).toHaveLength(3);
    again.dispose();
    // An activity loss freed by the tidy of its call is gone from `losses`.
    dl.tidy(() => dense.apply(tensor2d(f.x)));
    expect(dense.losses).toHaveLength(2);
    dense.apply(tensor2d(f.x));
    // A frozen layer adds no weight penalty (Keras 3 counts trainable weights only).
    dense.trainable = false;
    expect(dense.losses).toHaveLength(1);
    dense.dispose();
  });

  it('includes sublayers\' losses and addLoss', async () => {
    class WithLoss extends Layer {
      static override readonly className = 'WithLossForTest';
      readonly inner = this.trackLayer(new Dense(1, { kernelInitializer: 'ones', kernelRegularizer: l2(0.5) }));
      override call(x: Tensor): Tensor {
        this.addLoss(dl.scalar(3));
        return this.inner.apply(x);
      }
    }
    const layer = new WithLoss();
    layer.apply(dl.ones([1, 2]));
    const values = await Promise.all(layer.losses.map((l) => readScalar(l)));
    expect(values).toEqual([3, 1]);
    // A symbolic call's shape probe leaves no disposed loss behind.
    const probed = new WithLoss();
    probed.apply(Input({ shape: [2] }));
    expect(probed.losses.every((l) => !l.isDisposed)).toBe(true);
  });
});

describe('symbolic calls', () => {
  it('records nodes with null batch sizes', () => {
    const input = Input({ shape: [4], name: 'features' });
    expect(input.shape).toEqual([null, 4]);
    const dense = new Dense(3, { name: 'sym' });
    const out = dense.apply(input);
    expect(out.shape).toEqual([null, 3]);
    expect(out.dtype).toBe('float32');
    expect(out.sourceLayer).toBe(dense);
    expect(out.node.inputs).toEqual([input]);
    expect(out.node.outputs).toEqual([out]);
    expect(out.node.parents).toEqual([input.node]);
    expect(dense.inboundNodes).toHaveLength(1);
    expect(dense.built).toBe(true);
    expect(dense.kernel!.shape).toEqual([4, 3]);
    expect(new Dense(2).apply(out, { training: false }).node.args).toEqual({ training: false });
  });

  it('gives a shared layer one inbound node per call', () => {
    const shared = new Dense(2);
    const a = shared.apply(Input({ shape: [3] }));
    const b = shared.apply(Input({ shape: [3] }));
    expect(shared.inboundNodes).toHaveLength(2);
    expect(a.node).not.toBe(b.node);
  });

  it('returns every output with applyAll; apply refuses several and leaves no node', () => {
    class Split extends Layer {
      static override readonly className = 'SplitForTest';
      override call(x: Tensor): Tensor[] {
        return dl.split(x, 2, -1);
      }
    }
    const split = new Split({ name: 'split' });
    const input = Input({ shape: [4] });
    const outs = split.applyAll(input);
    expect(outs.map((o) => o.shape)).toEqual([[null, 2], [null, 2]]);
    expect(outs.map((o) => o.name)).toEqual(['split:0', 'split:1']);
    expect(thrown(() => split.apply(input)).message).toBe('SplitForTest "split" returned 2 outputs: use applyAll() to get them all.');
    expect(split.inboundNodes).toHaveLength(1);
    const x = dl.ones([1, 4]);
    const before = dl.memory().numTensors;
    expect(() => split.apply(x)).toThrow(ShapeError);
    expect(dl.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('probes call for the output shape of a custom layer without computeOutputShape', () => {
    class Doubler extends Layer {
      static override readonly className = 'DoublerForTest';
      override call(x: Tensor): Tensor {
        return dl.concat([x, x], -1);
      }
    }
    expect(new Doubler().apply(Input({ shape: [5] })).shape).toEqual([null, 10]);
    expect(new Doubler().apply(Input({ shape: [null, 3] })).shape).toEqual([null, null, 6]);
    expect(new Doubler().apply(Input({ batchShape: [7, 3] })).shape).toEqual([7, 6]);
    // The probe's tensors are freed.
    const before = dl.memory().numTensors;
    new Doubler().apply(Input({ shape: [2] }));
    expect(dl.memory().numTensors).toBe(before);
  });
});

describe('registries', () => {
  it('rejects classes without their own className or fromConfig', () => {
    class NoName extends Layer {
      override call(x: Tensor) {
        return x;
      }
    }
    expect(() => registerLayer(NoName)).toThrow(/Invalid layer class for registerLayer: expected a static `className` of its own, received "Layer"/);
    // A subclass that inherits Dense's className would silently replace Dense.
    class MyDense extends Dense {}
    expect(() => registerLayer(MyDense)).toThrow(ConfigError);
    expect(getLayerClass('Dense')).toBe(Dense);
    expect(() => registerLayer({ className: 'X' } as never)).toThrow('Invalid layer class "X" for registerLayer: expected a static fromConfig(config).');
  });

  it('lists the registered names for an unknown class', () => {
    const e = thrown(() => deserializeLayer({ className: 'Dens', config: { name: 'a', trainable: true, dtype: 'float32' } }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(/^Unknown layer class "Dens"; registered: .*Register it with registerLayer\(cls\) or pass a registry\.$/);
    const listed = e.message.slice(e.message.indexOf('registered: ') + 12, e.message.indexOf('. Register')).split(', ');
    expect(listed).toEqual([...listed].sort());
    for (const name of ['Dense', 'Embedding', 'Flatten']) expect(listed).toContain(name);
    for (const name of ['InputLayer', 'Lambda', 'Masking', 'Permute', 'RepeatVector', 'Reshape', 'Identity', 'Activation']) {
      expect(registeredLayers()).toContain(name);
    }
  });

  it('rejects configs with prototype keys at any depth', () => {
    const json = '{"className":"Dense","config":{"units":2,"name":"p","trainable":true,"dtype":"float32","kernelInitializer":{"className":"Zeros","config":{"__proto__":{"polluted":1}}}}}';
    const e = thrown(() => deserializeLayer(JSON.parse(json)));
    expect(e).toBeInstanceOf(FormatError);
    expect(e.message).toBe('Invalid key "__proto__" at config.kernelInitializer.config: keys that reach prototypes are not allowed in a config.');
    expect(({} as Record<string, unknown>)['polluted']).toBe(undefined);
    expect(() => deserializeLayer({ className: 'Dense', config: { constructor: 1 } } as never)).toThrow(FormatError);
    expect(() => deserializeLayer({ className: 3 } as never)).toThrow(/^Invalid serialized layer: expected \{ className: string, config: object \}/);
  });

  it('refuses class names that reach code or prototypes, changing nothing', () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const className of ['Function', 'eval', '__proto__', 'constructor', 'toString', 'TFSMLayer']) {
      const json = JSON.parse(`{"className":${JSON.stringify(className)},"config":{"name":"x","trainable":true,"dtype":"float32"}}`);
      const e = thrown(() => deserializeLayer(json));
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.message).toMatch(new RegExp(`^Unknown layer class "${className}"; registered: `));
      expect(() => deserializeLayer(json, { registry: {} })).toThrow(ConfigError);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  });

  it('deserializes with a registry passed for one call (Map or object)', () => {
    class Local extends Layer {
      static override readonly className = 'LocalOnlyForTest';
      override call(x: Tensor) {
        return x;
      }
    }
    const config = serializeLayer(new Local({ name: 'loc' }));
    expect(() => deserializeLayer(config)).toThrow(/Unknown layer class "LocalOnlyForTest"/);
    expect(deserializeLayer(config, { registry: new Map([['LocalOnlyForTest', Local]]) })).toBeInstanceOf(Local);
    const copy = deserializeLayer(config, { registry: { LocalOnlyForTest: Local } });
    expect(copy).toBeInstanceOf(Local);
    expect(copy.name).toBe('loc');
    expect(() => getLayerClass('toString', {})).toThrow(ConfigError);
  });
});

describe('Lambda', () => {
  it('round-trips a function registered by name', async () => {
    registerLambda('timesThreeForTest', (x) => dl.mul(x as Tensor, 3));
    const layer = new Lambda('timesThreeForTest', { name: 'lam' });
    const json = JSON.parse(JSON.stringify(serializeLayer(layer)));
    expect(json).toEqual({ className: 'Lambda', config: { name: 'lam', trainable: true, dtype: 'float32', function: 'timesThreeForTest' } });
    const copy = deserializeLayer(json) as Lambda;
    expect(await readArray(copy.apply(dl.tensor1d([1, 2])))).toEqual([3, 6]);
    // A registered function passed directly serializes under its name too.
    const fn = (x: Tensor | Tensor[]) => dl.neg(x as Tensor);
    registerLambda('negForTest', fn);
    expect(new Lambda(fn).getConfig()['function']).toBe('negForTest');
    expect(new Lambda(fn).apply(Input({ shape: [3] })).shape).toEqual([null, 3]);
  });

  it('cannot serialize an unregistered function, nor load an unknown name', () => {
    const anonymous = new Lambda((x) => x, { name: 'anon' });
    const e = thrown(() => serializeLayer(anonymous));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('Cannot serialize Lambda "anon": its function is not registered. Call registerLambda(name, fn) and pass the name (new Lambda(name)).');
    const e2 = thrown(() => deserializeLayer({ className: 'Lambda', config: { name: 'l2', trainable: true, dtype: 'float32', function: 'evil' } }));
    expect(e2).toBeInstanceOf(ConfigError);
    expect(e2.message).toMatch(/^Unknown Lambda function "evil" for Lambda "l2": expected a name given to registerLambda\(\); registered: .*"timesThreeForTest"/);
    expect(() => registerLambda('', (x) => x)).toThrow(ConfigError);
    expect(() => new Lambda(3 as never)).toThrow(/Invalid `fn` for Lambda/);
  });

  it('passes call options to the function and uses a given outputShape', () => {
    const seen: CallOptions[] = [];
    const layer = new Lambda((x, options) => {
      seen.push(options);
      return x;
    }, { outputShape: [null, 9] });
    layer.apply(dl.ones([1, 2]), { training: true });
    expect(seen[0]!.training).toBe(true);
    expect(layer.apply(Input({ shape: [2] })).shape).toEqual([null, 9]);
  });
});

describe('memory', () => {
  it('leaks nothing on error paths (bad shapes, failed reshapes)', async () => {
    const dense = new Dense(2);
    dl.tidy(() => dense.apply(dl.ones([1, 3])));
    const x = dl.ones([2, 4]);
    const before = dl.memory().numTensors;
    expect(() => dense.apply(x)).toThrow(ShapeError);
    expect(() => dl.tidy(() => new RepeatVector(2).apply(dl.ones([1, 2, 3])))).toThrow(ShapeError);
    expect(() => dl.tidy(() => dense.setWeights([dl.zeros([3, 2]), dl.zeros([5])]))).toThrow(ShapeError);
    expect(dl.memory().numTensors).toBe(before);
    x.dispose();
    dense.dispose();
  });

  it('leaks nothing when apply runs inside tidy (build included)', async () => {
    const x = dl.ones([3, 4]);
    const layers: Layer[] = [
      new Dense(5, { activation: 'softmax', kernelRegularizer: 'l2' }), new Composite(), new Activation('gelu'),
      new Flatten(), new Masking(), new RepeatVector(2),
    ];
    for (const layer of layers) {
      const weightsBefore = dl.memory().numTensors;
      // The layer's weights are created in the first call: count them apart.
      dl.tidy(() => layer.apply(x)).dispose();
      const created = dl.memory().numTensors - weightsBefore;
      expect(created).toBe(layer.weights.length);
      const y = await assertNoLeaks(() => dl.tidy(() => layer.apply(x)), layer.name);
      y.dispose();
      await assertNoLeaks(() => dl.tidy(() => dl.addN(layer.losses.length > 0 ? layer.losses : [dl.scalar(0)])).dispose(), `${layer.name} losses`);
      layer.dispose();
    }
    x.dispose();
  });
});

// getConfig of the base class, for subclasses that add nothing.
describe('base config', () => {
  it('has name, trainable, dtype, and batchInputShape when given', () => {
    class Plain extends Layer {
      static override readonly className = 'PlainForTest';
      override call(x: Tensor) {
        return x;
      }
    }
    const config: LayerConfig = new Plain({ name: 'p', trainable: false, inputShape: [3], batchSize: 2, activityRegularizer: 'l1' }).getConfig();
    expect(config).toEqual({
      name: 'p', trainable: false, dtype: 'float32', batchInputShape: [2, 3],
      activityRegularizer: { className: 'L1', config: { l1: 0.01 } },
    });
  });
});
