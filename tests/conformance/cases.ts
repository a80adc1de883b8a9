/**
 * The conformance cases: the ops and gradients the book's models need, each
 * computed on a backend and compared with the cpu backend. Inputs are made by
 * a fixed generator (not dl's seeded stream) so every backend sees the same
 * numbers. A case's `op` is the name a backend lists in its `unsupportedOps`.
 */
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import {
  BatchNormalization, Bidirectional, Conv1D, Conv2D, Conv2DTranspose, Dense, Embedding, GRU, LSTM,
  LayerNormalization, MaxPooling2D, MultiHeadAttention, SeparableConv2D, type Layer,
} from '@dl/layers';
import { values } from '../support/values';

export { values };

export interface ConformanceCase {
  /** Test name. */
  readonly name: string;
  /** The op name backends declare as unsupported (data read by the suite). */
  readonly op: string;
  /** Computes the outputs; runs inside tidy(). */
  run(): Tensor | Tensor[];
}

/** A float32 tensor of `shape` filled by {@link values}. */
export function input(shape: number[], seed: number, scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = values(n, seed);
  if (scale !== 1) for (let i = 0; i < n; i++) v[i] = v[i]! * scale;
  return dl.tensor(v, shape, 'float32');
}

/** Gradients of sum(f(x) * w) with respect to each input, w a fixed weighting (so each output element matters). */
function gradsOf(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], seed: number): Tensor[] {
  const y = f(...xs);
  const w = input(y.shape, seed);
  return dl.grads((...args: Tensor[]) => dl.sum(dl.mul(f(...args), w)))(xs);
}

/** A Conv2D layer with weights from {@link input} (the same on every backend), applied to `x`. */
function conv2dLayer(x: Tensor, args: ConstructorParameters<typeof Conv2D>[2], seed: number): { layer: Conv2D; y: Tensor } {
  const layer = new Conv2D(3, 3, args);
  dl.dispose(layer.apply(x));
  const inChannels = x.shape[3]!;
  layer.setWeights([input([3, 3, inChannels, 3], seed, 0.5), input([3], seed + 1)]);
  return { layer, y: layer.apply(x) };
}

/**
 * A layer case: the layer is built on `x`, every weight is set from {@link input}
 * (variances made positive), and the case returns the output (training mode when
 * asked), the gradient with respect to a float input, and every weight gradient.
 */
function layerCase(name: string, op: string, make: () => Layer, xs: () => Tensor[], seed: number, training = false): ConformanceCase {
  return {
    name: `layer ${name}: output, input and weight gradients`,
    op,
    run: () => {
      const inputs = xs();
      const arg = (ts: Tensor[]) => (ts.length === 1 ? ts[0]! : ts);
      const layer = make();
      dl.dispose(layer.apply(arg(inputs)));
      layer.setWeights(layer.weights.map((w, k) => {
        const t = input(w.shape, seed + 10 + k, 0.3);
        return w.name.includes('variance') ? dl.add(dl.abs(t), 0.5) : t;
      }));
      const y = layer.apply(arg(inputs), { training });
      const r = input(y.shape, seed + 1);
      const vars = layer.trainableWeights.map((w) => w.value);
      const out = [y];
      if (vars.length > 0) {
        const { grads } = dl.variableGrads(() => dl.sum(dl.mul(layer.apply(arg(inputs), { training }), r)) as dl.Scalar, vars);
        out.push(...vars.map((v) => grads[v.name]!));
      }
      if (inputs[0]!.dtype === 'float32') {
        out.push(dl.grad((t: Tensor) => dl.sum(dl.mul(layer.apply(arg([t, ...inputs.slice(1)]), { training }), r)))(inputs[0]!));
      }
      layer.dispose();
      return out;
    },
  };
}

const ids = (shape: number[], n: number, seed: number) =>
  dl.tensor(Int32Array.from(values(shape.reduce((a, b) => a * b, 1), seed), (v) => Math.floor((v + 1) * 0.5 * n) % n), shape, 'int32');

/** The book's layers, repeated on every backend. */
const layerCases: ConformanceCase[] = [
  layerCase('Dense relu', 'matMul', () => new Dense(5, { activation: 'relu' }), () => [input([4, 6], 2000)], 2001),
  layerCase('Embedding', 'unsortedSegmentSum', () => new Embedding(12, 4), () => [ids([3, 5], 12, 2010)], 2011),
  layerCase('LSTM returning sequences', 'matMul', () => new LSTM(4, { returnSequences: true }), () => [input([2, 5, 3], 2020)], 2021),
  layerCase('GRU (resetAfter)', 'matMul', () => new GRU(4), () => [input([2, 5, 3], 2030)], 2031),
  layerCase('Bidirectional LSTM', 'matMul', () => new Bidirectional(new LSTM(3)), () => [input([2, 4, 3], 2040)], 2041),
  layerCase('BatchNormalization (training)', 'reductions', () => new BatchNormalization(), () => [input([6, 4], 2050)], 2051, true),
  layerCase('LayerNormalization', 'reductions', () => new LayerNormalization(), () => [input([3, 5], 2060)], 2061),
  layerCase('MultiHeadAttention', 'softmax', () => new MultiHeadAttention(2, 3), () => [input([2, 4, 6], 2070), input([2, 5, 6], 2071)], 2072),
  layerCase('MaxPooling2D', 'maxPool', () => new MaxPooling2D(2), () => [input([2, 6, 6, 3], 2080)], 2081),
  layerCase('Conv1D causal', 'conv2dBackprop', () => new Conv1D(3, 3, { padding: 'causal' }), () => [input([2, 7, 2], 2090)], 2091),
  layerCase('SeparableConv2D', 'depthwiseConv2dBackprop', () => new SeparableConv2D(4, 3, { padding: 'same' }), () => [input([1, 6, 6, 2], 2100)], 2101),
  layerCase('Conv2DTranspose', 'conv2dBackprop', () => new Conv2DTranspose(3, 3, { strides: 2 }), () => [input([1, 4, 4, 2], 2110)], 2111),
];

type Conv2DCase = {
  name: string; x: [number, number, number, number]; f: [number, number, number, number];
  strides: [number, number]; pad: 'valid' | 'same'; dilations?: [number, number];
};

const conv2dCases: Conv2DCase[] = [
  { name: '3x3 valid', x: [2, 8, 8, 3], f: [3, 3, 3, 4], strides: [1, 1], pad: 'valid' },
  { name: '3x3 same stride 2', x: [2, 9, 9, 4], f: [3, 3, 4, 5], strides: [2, 2], pad: 'same' },
  { name: '5x5 same', x: [1, 10, 10, 2], f: [5, 5, 2, 3], strides: [1, 1], pad: 'same' },
  { name: '1x1', x: [3, 4, 4, 6], f: [1, 1, 6, 2], strides: [1, 1], pad: 'valid' },
  { name: '3x3 dilation 2', x: [1, 9, 9, 2], f: [3, 3, 2, 2], strides: [1, 1], pad: 'same', dilations: [2, 2] },
];

export const cases: ConformanceCase[] = [
  { name: 'matMul', op: 'matMul', run: () => dl.matMul(input([17, 33], 1), input([33, 9], 2)) },
  { name: 'matMul transposeA', op: 'matMul', run: () => dl.matMul(input([33, 17], 3), input([33, 9], 4), true, false) },
  { name: 'matMul transposeB', op: 'matMul', run: () => dl.matMul(input([17, 33], 5), input([9, 33], 6), false, true) },
  { name: 'matMul transposeA and B', op: 'matMul', run: () => dl.matMul(input([33, 17], 7), input([9, 33], 8), true, true) },
  { name: 'batched matMul transposeA', op: 'matMul', run: () => dl.matMul(input([3, 20, 7], 9), input([3, 20, 5], 10), true, false) },
  {
    name: 'matMul gradient (dense backward: xT.dy and dy.wT)', op: 'matMul',
    run: () => gradsOf((a, b) => dl.matMul(a!, b!), [input([16, 24], 11), input([24, 10], 12)], 13),
  },
  {
    name: 'matMul with a new wide right operand (computed as (Bᵀ·Aᵀ)ᵀ on wasm)', op: 'matMul',
    run: () => dl.matMul(input([20, 300], 14), input([300, 400], 15, 0.1)),
  },
  ...(['linear', 'relu', 'sigmoid'] as const).map((activation, i): ConformanceCase => ({
    name: `denseForward ${activation}: output and gradients of x, kernel and bias`, op: 'matMul',
    run: () => {
      const xs = [input([6, 9], 30 + i), input([9, 5], 40 + i, 0.5), input([5], 50 + i)];
      return [dl.denseForward(xs[0] as dl.Tensor2D, xs[1] as dl.Tensor2D, xs[2]!, activation),
        ...gradsOf((x, k, b) => dl.denseForward(x as dl.Tensor2D, k as dl.Tensor2D, b!, activation), xs, 60 + i)];
    },
  })),
  ...conv2dCases.map((c, i): ConformanceCase => ({
    name: `conv2d ${c.name}`, op: 'conv2d',
    run: () => dl.conv2d(input(c.x, 100 + i) as dl.Tensor4D, input(c.f, 200 + i, 0.5) as dl.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? [1, 1]),
  })),
  // tfjs-core 4.22 has no conv2d gradient for dilations > 1 (its Conv2D_grad asserts), so those are forward-only here.
  ...conv2dCases.filter((c) => c.dilations === undefined).map((c, i): ConformanceCase => ({
    name: `conv2d gradients ${c.name}`, op: 'conv2dBackprop',
    run: () => gradsOf(
      (x, f) => dl.conv2d(x as dl.Tensor4D, f as dl.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? [1, 1]),
      [input(c.x, 300 + i), input(c.f, 400 + i, 0.5)], 500 + i),
  })),
  {
    name: 'Conv2D layer forward (same, stride 2, relu)', op: 'conv2d',
    run: () => {
      const { layer, y } = conv2dLayer(input([2, 9, 9, 2], 1500), { strides: 2, padding: 'same', activation: 'relu' }, 1501);
      layer.dispose();
      return y;
    },
  },
  {
    name: 'Conv2D layer with dilation 2 (dilated kernel): output and gradients', op: 'conv2dBackprop',
    run: () => {
      const x = input([1, 8, 8, 2], 1510);
      const { layer, y } = conv2dLayer(x, { dilationRate: 2 }, 1511);
      const r = input(y.shape, 1513);
      const vars = layer.trainableWeights.map((w) => w.value);
      const { grads } = dl.variableGrads(() => dl.sum(dl.mul(layer.apply(x), r)) as dl.Scalar, vars);
      const dx = dl.grad((t: Tensor) => dl.sum(dl.mul(layer.apply(t), r)))(x);
      const out = [y, dx, ...vars.map((v) => grads[v.name]!)];
      layer.dispose();
      return out;
    },
  },
  {
    name: 'depthwiseConv2d and its gradients', op: 'depthwiseConv2dBackprop',
    run: () => {
      const f = (x: Tensor, w: Tensor) => dl.depthwiseConv2d(x as dl.Tensor4D, w as dl.Tensor4D, [1, 1], 'same');
      const x = input([2, 7, 7, 3], 600);
      const w = input([3, 3, 3, 2], 601, 0.5);
      return [f(x, w), ...gradsOf(f, [x, w], 602)];
    },
  },
  {
    name: 'separableConv2d gradients', op: 'depthwiseConv2dBackprop',
    run: () => gradsOf(
      (x, d, p) => dl.separableConv2d(x as dl.Tensor4D, d as dl.Tensor4D, p as dl.Tensor4D, [1, 1], 'same'),
      [input([1, 6, 6, 3], 610), input([3, 3, 3, 1], 611, 0.5), input([1, 1, 3, 4], 612)], 613),
  },
  {
    name: 'maxPool and its gradient', op: 'maxPool',
    run: () => {
      const f = (x: Tensor) => dl.maxPool(x as dl.Tensor4D, [2, 2], [2, 2], 'valid');
      const x = input([2, 8, 8, 3], 700);
      return [f(x), ...gradsOf(f, [x], 701)];
    },
  },
  {
    name: 'avgPool and its gradient', op: 'avgPool',
    run: () => {
      const f = (x: Tensor) => dl.avgPool(x as dl.Tensor4D, [3, 3], [2, 2], 'same');
      const x = input([2, 9, 9, 2], 710);
      return [f(x), ...gradsOf(f, [x], 711)];
    },
  },
  {
    name: 'reductions: sum, mean, max, min, argMax over axes', op: 'reductions',
    run: () => {
      const x = input([4, 5, 6], 800);
      return [dl.sum(x), dl.sum(x, 1), dl.mean(x, [0, 2]), dl.max(x, -1), dl.min(x, 0), dl.cast(dl.argMax(x, 2), 'float32'), dl.logSumExp(x, 1)];
    },
  },
  {
    name: 'reduction gradients', op: 'reductions',
    run: () => gradsOf((x) => dl.add(dl.mean(x, 1), dl.max(x, 1)), [input([6, 11], 810)], 811),
  },
  {
    name: 'softmax and logSoftmax with gradients', op: 'softmax',
    run: () => {
      const x = input([5, 10], 900, 4);
      return [
        dl.softmax(x), dl.logSoftmax(x),
        ...gradsOf((t) => dl.softmax(t), [x], 901),
        ...gradsOf((t) => dl.logSoftmax(t), [x], 902),
      ];
    },
  },
  {
    name: 'LSTM cell elementwise math and gradients', op: 'elementwise',
    run: () => {
      // One LSTM step: z = x.W + h.U + b; i,f,o = sigmoid; g = tanh; c' = f*c + i*g; h' = o*tanh(c').
      const cell = (x: Tensor, h: Tensor, c: Tensor, w: Tensor, u: Tensor, b: Tensor): Tensor => {
        const z = dl.add(dl.add(dl.matMul(x, w), dl.matMul(h, u)), b);
        const [zi, zf, zg, zo] = dl.split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
        const c2 = dl.add(dl.mul(dl.sigmoid(zf), c), dl.mul(dl.sigmoid(zi), dl.tanh(zg)));
        return dl.concat([dl.mul(dl.sigmoid(zo), dl.tanh(c2)), c2], 1);
      };
      const xs = [input([3, 5], 1000), input([3, 4], 1001), input([3, 4], 1002), input([5, 16], 1003, 0.5), input([4, 16], 1004, 0.5), input([16], 1005)];
      return [cell(xs[0]!, xs[1]!, xs[2]!, xs[3]!, xs[4]!, xs[5]!), ...gradsOf(cell as (...t: Tensor[]) => Tensor, xs, 1006)];
    },
  },
  {
    name: 'elementwise math: relu, elu, selu, exp, log, sqrt, pow, clip, where', op: 'elementwise',
    run: () => {
      const x = input([7, 9], 1100, 3);
      const pos = dl.add(dl.abs(x), 0.1);
      return [
        dl.relu(x), dl.elu(x), dl.selu(x), dl.exp(x), dl.log(pos), dl.sqrt(pos), dl.pow(pos, 1.5),
        dl.clipByValue(x, -0.5, 0.5), dl.where(dl.greater(x, 0), x, dl.neg(x)), dl.softplus(x),
        dl.div(x, pos), dl.square(x), dl.maximum(x, 0.2), dl.reciprocal(pos),
      ];
    },
  },
  {
    name: 'gather (embedding lookup) and its gradient', op: 'gather',
    run: () => {
      const table = input([10, 4], 1200);
      const ids = dl.tensor([[1, 3, 3, 0], [9, 1, 2, 3]], [2, 4], 'int32');
      return [dl.gather(table, ids), ...gradsOf((t) => dl.gather(t, ids), [table], 1201)];
    },
  },
  {
    name: 'unsortedSegmentSum', op: 'unsortedSegmentSum',
    run: () => dl.unsortedSegmentSum(input([6, 3], 1300), dl.tensor([0, 2, 0, 1, 2, 2], [6], 'int32'), 4),
  },
  {
    name: 'binary cross-entropy pieces: sigmoid, log1p, logistic loss gradient', op: 'elementwise',
    run: () => gradsOf(
      (logits, labels) => dl.add(dl.relu(logits), dl.sub(dl.log1p(dl.exp(dl.neg(dl.abs(logits)))), dl.mul(logits, labels!))),
      [input([8, 3], 1400, 3), dl.step(input([8, 3], 1401))], 1402),
  },
  ...layerCases,
];
