// Oracle: tfjs-layers 4.22 (SimpleRNN, LSTM, GRU with resetAfter false, Bidirectional,
// TimeDistributed) with the same weights and inputs: outputs, input gradients and weight
// gradients. tfjs-layers defaults differ from Keras 3 (hardSigmoid gates), so its layers are
// built with Keras 3's settings; their weight layouts are Keras'.
import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { Bidirectional, Dense, GRU, LSTM, SimpleRNN, TimeDistributed, type Layer } from '@dl/layers';

type TflLayer = ReturnType<typeof tfl.layers.lstm>;

/** |a − b| ≤ atol + rtol·|b| elementwise. float32 on cpu: rtol 1e-5, atol 1e-6 (values near 0 have no useful relative error). */
function expectClose(actual: Tensor, expected: Tensor, what: string, rtol = 1e-5, atol = 1e-6): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  const a = actual.dataSync();
  const b = expected.dataSync();
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= atol + rtol * Math.abs(b[i]!))) {
      throw new Error(`${what}: element ${i} is ${a[i]}, expected ${b[i]} (tfjs-layers)`);
    }
  }
}

interface Case {
  x: Tensor;
  mask?: Tensor;
}

const list = (y: Tensor | Tensor[]) => (Array.isArray(y) ? y : [y]);

/**
 * Builds both layers, gives dl random weights, copies them to tfjs-layers, and compares
 * outputs, the input gradient and every weight gradient of Σ cᵢ·yᵢ (random cᵢ).
 */
function compareWithTfjs(ours: Layer, theirs: TflLayer, c: Case): void {
  dl.setSeed(7);
  const options = c.mask === undefined ? {} : { mask: c.mask };
  ours.applyAll(c.x, options);
  theirs.apply(c.x, options);
  ours.setWeights(ours.weights.map((w) => dl.randomNormal(w.shape, 0, 0.5)));
  theirs.setWeights(ours.getWeights());
  const yOurs = ours.applyAll(c.x, options);
  const yTheirs = list(theirs.apply(c.x, options) as Tensor | Tensor[]);
  expect(yOurs.length).toBe(yTheirs.length);
  yOurs.forEach((y, i) => expectClose(y, yTheirs[i]!, `output ${i}`));

  const coefs = yOurs.map((y) => dl.randomNormal(y.shape));
  const loss = (ys: Tensor[]) => dl.addN(ys.map((y, i) => dl.sum(dl.mul(y, coefs[i]!)))) as dl.Scalar;
  const gxOurs = dl.grad((x: Tensor) => loss(ours.applyAll(x, options)))(c.x);
  const gxTheirs = dl.grad((x: Tensor) => loss(list(theirs.apply(x, options) as Tensor | Tensor[])))(c.x);
  expectClose(gxOurs, gxTheirs, 'input gradient');

  const oursVars = ours.trainableWeights.map((w) => w.value);
  const theirsVars = theirs.trainableWeights.map((w) => w.read() as dl.Variable);
  const gOurs = dl.variableGrads(() => loss(ours.applyAll(c.x, options)), oursVars).grads;
  const gTheirs = dl.variableGrads(() => loss(list(theirs.apply(c.x, options) as Tensor | Tensor[])), theirsVars).grads;
  ours.trainableWeights.forEach((w, i) => expectClose(gOurs[w.value.name]!, gTheirs[theirsVars[i]!.name]!, `gradient of ${w.path}`));
}

const keras3 = { recurrentActivation: 'sigmoid', recurrentInitializer: 'zeros' } as const;

function input(shape = [2, 5, 3]): Tensor {
  dl.setSeed(3);
  return dl.randomNormal(shape);
}

/** Batch 0 masked at steps 3, 4 (right padding); batch 1 at steps 0 and 2 (holes). */
function mask(): Tensor {
  return dl.tensor2d([[1, 1, 1, 0, 0], [0, 1, 0, 1, 1]], [2, 5], 'bool');
}

const flags = [
  {},
  { returnSequences: true },
  { returnState: true },
  { goBackwards: true, returnSequences: true },
  { goBackwards: true },
  { returnSequences: true, returnState: true },
];

describe('SimpleRNN, LSTM, GRU (resetAfter false) against tfjs-layers', () => {
  for (const f of flags) {
    const tag = JSON.stringify(f);
    it(`SimpleRNN ${tag}`, () => {
      compareWithTfjs(new SimpleRNN(4, f), tfl.layers.simpleRNN({ units: 4, recurrentInitializer: 'zeros', ...f }), { x: input() });
    });
    it(`LSTM ${tag}`, () => {
      compareWithTfjs(new LSTM(4, f), tfl.layers.lstm({ units: 4, ...keras3, ...f }), { x: input() });
    });
    it(`GRU resetAfter false ${tag}`, () => {
      compareWithTfjs(new GRU(4, { resetAfter: false, ...f }), tfl.layers.gru({ units: 4, ...keras3, ...f }), { x: input() });
    });
  }
  for (const f of [{}, { returnSequences: true }, { goBackwards: true, returnSequences: true, returnState: true }]) {
    const tag = JSON.stringify(f);
    it(`masks: SimpleRNN, LSTM, GRU ${tag}`, () => {
      compareWithTfjs(new SimpleRNN(3, f), tfl.layers.simpleRNN({ units: 3, recurrentInitializer: 'zeros', ...f }), { x: input(), mask: mask() });
      compareWithTfjs(new LSTM(3, f), tfl.layers.lstm({ units: 3, ...keras3, ...f }), { x: input(), mask: mask() });
      compareWithTfjs(new GRU(3, { resetAfter: false, ...f }), tfl.layers.gru({ units: 3, ...keras3, ...f }), { x: input(), mask: mask() });
    });
  }
  it('long sequences (the steps are split in two levels past 16 steps)', () => {
    dl.setSeed(5);
    const longMask = dl.cast(dl.greater(dl.randomUniform([2, 23]), 0.3), 'bool');
    compareWithTfjs(new LSTM(3, { returnSequences: true }), tfl.layers.lstm({ units: 3, ...keras3, returnSequences: true }), { x: input([2, 23, 3]), mask: longMask });
    compareWithTfjs(new GRU(3, { resetAfter: false, goBackwards: true }), tfl.layers.gru({ units: 3, ...keras3, goBackwards: true }), { x: input([2, 17, 3]) });
  });
  it('other activations and no bias', () => {
    // Not hardSigmoid: tfjs-layers' is Keras 2's (0.2·x + 0.5), Keras 3's is x/6 + 0.5.
    const args = { activation: 'relu', recurrentActivation: 'tanh', useBias: false } as const;
    compareWithTfjs(new LSTM(3, { ...args, returnSequences: true }), tfl.layers.lstm({ units: 3, ...args, recurrentInitializer: 'zeros', returnSequences: true }), { x: input() });
    compareWithTfjs(new GRU(3, { ...args, resetAfter: false }), tfl.layers.gru({ units: 3, ...args, recurrentInitializer: 'zeros' }), { x: input() });
    compareWithTfjs(new SimpleRNN(3, { activation: 'relu', useBias: false }), tfl.layers.simpleRNN({ units: 3, activation: 'relu', useBias: false, recurrentInitializer: 'zeros' }), { x: input() });
  });
});

describe('Bidirectional and TimeDistributed against tfjs-layers', () => {
  for (const mergeMode of ['concat', 'sum', 'mul', 'ave', null] as const) {
    for (const f of [{}, { returnSequences: true }, { returnSequences: true, returnState: true }]) {
      it(`Bidirectional(LSTM) mergeMode ${mergeMode} ${JSON.stringify(f)}`, () => {
        const theirs = tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 3, ...keras3, ...f }) as never, ...(mergeMode === null ? {} : { mergeMode }) });
        if (mergeMode === null) (theirs as unknown as { mergeMode: null }).mergeMode = null;
        compareWithTfjs(new Bidirectional(new LSTM(3, f), { mergeMode }), theirs as unknown as TflLayer, { x: input() });
      });
    }
  }
  it('Bidirectional(GRU) and Bidirectional(SimpleRNN), last output with a mask', () => {
    const m = { x: input(), mask: mask() };
    compareWithTfjs(new Bidirectional(new GRU(3, { resetAfter: false })), tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: 3, ...keras3 }) as never }) as unknown as TflLayer, m);
    compareWithTfjs(new Bidirectional(new SimpleRNN(3)), tfl.layers.bidirectional({ layer: tfl.layers.simpleRNN({ units: 3, recurrentInitializer: 'zeros' }) as never }) as unknown as TflLayer, m);
  });
  it('TimeDistributed(Dense) on 3D and 4D inputs', () => {
    compareWithTfjs(new TimeDistributed(new Dense(4, { activation: 'tanh' })), tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 4, activation: 'tanh' }) }) as unknown as TflLayer, { x: input([2, 5, 3]) });
    compareWithTfjs(new TimeDistributed(new Dense(2)), tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 2 }) }) as unknown as TflLayer, { x: input([2, 3, 4, 5]) });
  });
});
