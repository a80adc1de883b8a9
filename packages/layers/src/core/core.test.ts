// Core and reshaping layers: runLayerTest (shapes, symbolic shapes, config round trip, a
// training step, no leaks), edge cases and configuration errors. Numbers against tfjs-layers
// are in core.oracle.test.ts.
import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, read, readArray, tensor2d, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  Activation, Dense, Embedding, Flatten, Identity, Input, InputLayer, Lambda, Masking, Permute, RepeatVector, Reshape,
  deserializeLayer, getMask, registerLambda, serializeLayer,
} from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('runLayerTest on the core layers', () => {
  it('Dense on rank 2 and rank 3 inputs', async () => {
    await runLayerTest(Dense, {
      args: [3, { activation: 'relu', kernelRegularizer: 'l2', activityRegularizer: 'l1', kernelConstraint: 'maxNorm' }],
      inputShape: [2, 4], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0, supportsMasking: true,
    });
    await runLayerTest(Dense, { args: [5, { activation: 'softmax', useBias: false }], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 5], expectedNumTrainableWeights: 1 });
  });

  it('Activation', async () => {
    await runLayerTest(Activation, { args: ['tanh'], inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 0, supportsMasking: true });
  });

  it('Embedding with int32 ids', async () => {
    const report = await runLayerTest(Embedding, {
      args: [10, 4, { maskZero: true }], inputShape: [2, 5], inputDtype: 'int32', maxId: 10, expectedOutputShape: [2, 5, 4],
      expectedNumTrainableWeights: 1, supportsMasking: true,
    });
    expect(Object.keys(report.gradientNorms)).toHaveLength(1);
  });

  it('Masking, Identity, Lambda', async () => {
    await runLayerTest(Masking, { args: [{ maskValue: 0.5 }], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], supportsMasking: true });
    await runLayerTest(Identity, { args: [], inputShape: [2, 3], expectedOutputShape: [2, 3], supportsMasking: true });
    registerLambda('squareForCoreTest', (x) => dl.square(x as Tensor));
    await runLayerTest(Lambda, { args: ['squareForCoreTest'], inputShape: [2, 3], expectedOutputShape: [2, 3] });
  });

  it('InputLayer (passes tensors through)', async () => {
    await runLayerTest(InputLayer, { args: [{ shape: [3] }], inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 0 });
  });

  it('Flatten, Reshape, Permute, RepeatVector', async () => {
    await runLayerTest(Flatten, { args: [], inputShape: [2, 3, 4], expectedOutputShape: [2, 12] });
    await runLayerTest(Flatten, { args: [], inputShape: [3], expectedOutputShape: [3, 1] });
    await runLayerTest(Reshape, { args: [[3, 4]], inputShape: [2, 12], expectedOutputShape: [2, 3, 4] });
    await runLayerTest(Reshape, { args: [[-1, 2]], inputShape: [2, 3, 4], expectedOutputShape: [2, 6, 2] });
    await runLayerTest(Permute, { args: [[2, 1]], inputShape: [2, 3, 4], expectedOutputShape: [2, 4, 3] });
    await runLayerTest(Permute, { args: [[3, 1, 2]], inputShape: [1, 2, 3, 4], expectedOutputShape: [1, 4, 2, 3] });
    await runLayerTest(RepeatVector, { args: [3], inputShape: [2, 4], expectedOutputShape: [2, 3, 4] });
  });
});

describe('edge cases', () => {
  it('Identity returns the values unchanged, and passes masks', async () => {
    const x = tensor2d([[1, 2]]);
    const y = new Identity().apply(x);
    expect(await readArray(y)).toEqual([[1, 2]]);
    const emb = new Embedding(3, 2, { maskZero: true });
    const v = emb.apply(tensor2d([[0, 1]], [1, 2], 'int32'));
    expect(getMask(new Identity().apply(v))).toBe(getMask(v));
  });

  it('Lambda drops masks, as Keras\' Lambda without `mask`', () => {
    const v = new Embedding(3, 2, { maskZero: true }).apply(tensor2d([[0, 1]], [1, 2], 'int32'));
    expect(getMask(v)).not.toBe(null);
    expect(getMask(new Lambda((x) => dl.neg(x as Tensor)).apply(v))).toBe(null);
  });

  it('Reshape infers -1, keeps unknown sizes unknown, and names a mismatch', () => {
    expect(new Reshape([-1, 3]).apply(Input({ shape: [4, 3] })).shape).toEqual([null, 4, 3]);
    expect(new Reshape([-1, 3]).apply(Input({ shape: [null, 3] })).shape).toEqual([null, null, 3]);
    expect(new Reshape([2, 6]).apply(Input({ shape: [null, 3] })).shape).toEqual([null, 2, 6]);
    let error: unknown;
    try {
      new Reshape([5], { name: 'rs' }).apply(dl.ones([2, 3, 4]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).message).toBe('Invalid input to Reshape "rs": expected a sample of 5 values to reshape to (5,), received shape (2, 3, 4) (12 values).');
    expect(() => new Reshape([-1, 5]).apply(dl.ones([2, 12]))).toThrow(/expected a sample of 5k values/);
  });

  it('Flatten keeps an unknown size unknown; Permute and RepeatVector compute symbolic shapes', () => {
    expect(new Flatten().apply(Input({ shape: [null, 3] })).shape).toEqual([null, null]);
    expect(new Permute([2, 1]).apply(Input({ shape: [null, 3] })).shape).toEqual([null, 3, null]);
    expect(new RepeatVector(4).apply(Input({ shape: [5] })).shape).toEqual([null, 4, 5]);
  });

  it('Permute and RepeatVector move the values where Keras does', async () => {
    const x = dl.tensor3d([[[1, 2, 3], [4, 5, 6]]]);
    expect(await readArray(new Permute([2, 1]).apply(x))).toEqual([[[1, 4], [2, 5], [3, 6]]]);
    expect(await readArray(new RepeatVector(2).apply(tensor2d([[1, 2]])))).toEqual([[[1, 2], [1, 2]]]);
  });

  it('InputLayer and Input', () => {
    const layer = new InputLayer({ shape: [3], batchSize: 4, dtype: 'int32', name: 'ids' });
    expect(layer.output.shape).toEqual([4, 3]);
    expect(layer.output.dtype).toBe('int32');
    expect(layer.inboundNodes).toHaveLength(1);
    const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(layer)))) as InputLayer;
    expect(copy.getConfig()).toEqual({ name: 'ids', trainable: true, dtype: 'int32', batchShape: [4, 3] });
    expect(Input({ batchShape: [null, 28, 28, 1] }).shape).toEqual([null, 28, 28, 1]);
    expect(message(() => Input({} as never))).toMatch(/^Invalid arguments for InputLayer "input_layer(_\d+)?": expected `shape` or `batchShape`, received \{\}\.$/);
    expect(message(() => Input({ shape: [0] }))).toMatch(/^Invalid `shape` for InputLayer .*: expected an array of positive integers or null, received \[0\]\.$/);
  });

  it('Embedding gathers rows; float ids are cast', async () => {
    const emb = new Embedding(3, 2, { embeddingsInitializer: { className: 'Constant', config: { value: 0 } } });
    emb.build([null, 2]);
    emb.setWeights([tensor2d([[0, 1], [2, 3], [4, 5]])]);
    expect(Array.from(await read(emb.apply(tensor2d([[2, 0]], [1, 2], 'int32')))))
      .toEqual([4, 5, 0, 1]);
    expect(Array.from(await read(emb.apply(tensor2d([[1, 1]]))))).toEqual([2, 3, 2, 3]);
  });
});

describe('configuration errors name the layer and the argument', () => {
  it('Dense', () => {
    expect(message(() => new Dense(0, { name: 'd0' }))).toBe('Invalid `units` for Dense "d0": expected a positive integer, received 0.');
    expect(message(() => new Dense(2.5, { name: 'd1' }))).toBe('Invalid `units` for Dense "d1": expected a positive integer, received 2.5.');
    expect(message(() => new Dense(2, { name: 'd2', activation: 'rleu' as never }))).toMatch(/^Unknown activation "rleu" for Dense "d2": expected one of "relu", /);
    expect(message(() => new Dense(2, { name: 'd3', kernelInitializer: 'glorot' }))).toMatch(/^Unknown initializer "glorot" for Dense "d3"/);
    expect(message(() => new Dense(2, { name: 'd4', kernelRegularizer: 'l3' }))).toMatch(/^Unknown regularizer "l3" for Dense "d4"/);
    expect(message(() => new Dense(2, { name: 'd5', biasConstraint: 'positive' }))).toMatch(/^Unknown constraint "positive" for Dense "d5"/);
  });

  it('Embedding, Activation, Masking and the reshaping layers', () => {
    expect(message(() => new Embedding(-3, 2, { name: 'e' }))).toBe('Invalid `inputDim` for Embedding "e": expected a positive integer, received -3.');
    expect(message(() => new Embedding(3, 0, { name: 'e' }))).toBe('Invalid `outputDim` for Embedding "e": expected a positive integer, received 0.');
    expect(message(() => new Embedding(3, 2, { name: 'e', maskZero: 1 as never }))).toBe('Invalid `maskZero` for Embedding "e": expected true or false, received 1.');
    expect(message(() => new Activation('nope' as never, { name: 'a' }))).toMatch(/^Unknown activation "nope" for Activation "a"/);
    expect(message(() => new Masking({ name: 'm', maskValue: Number.NaN }))).toBe('Invalid `maskValue` for Masking "m": expected a finite number, received NaN.');
    expect(message(() => new RepeatVector(0, { name: 'r' }))).toBe('Invalid `n` for RepeatVector "r": expected a positive integer, received 0.');
    expect(message(() => new Reshape([2, -1, -1], { name: 'rs' }))).toBe('Invalid `targetShape` for Reshape "rs": expected positive integers with at most one -1, received [2,-1,-1].');
    expect(message(() => new Reshape([0, 2], { name: 'rs' }))).toMatch(/^Invalid `targetShape` for Reshape "rs"/);
    expect(message(() => new Permute([1, 3], { name: 'p' }))).toBe('Invalid `dims` for Permute "p": expected a permutation of 1..n, received [1,3].');
    expect(message(() => new Permute([0, 1], { name: 'p' }))).toMatch(/^Invalid `dims` for Permute "p"/);
  });
});
