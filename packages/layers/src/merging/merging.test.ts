import * as dl from '@dl/tensor';
import { ShapeError, ConfigError } from '@dl/tensor';
import { Add, Average, Concatenate, Dot, Input, Maximum, Minimum, Multiply, Subtract, getMask, setMask } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';
import { describe, expect, it } from 'vitest';

describe('merge layers: runLayerTest', () => {
  for (const cls of [Add, Multiply, Average, Maximum, Minimum]) {
    it(`${cls.className}: three inputs, and broadcasting`, async () => {
      await runLayerTest(cls, { args: [{}], inputShape: [[2, 3, 4], [2, 3, 4], [2, 3, 4]], expectedOutputShape: [2, 3, 4], supportsMasking: true, expectedNumTrainableWeights: 0 });
      await runLayerTest(cls, { args: [{}], inputShape: [[2, 3, 4], [2, 1, 4]], expectedOutputShape: [2, 3, 4] });
    });
  }
  it('Subtract, Concatenate, Dot', async () => {
    await runLayerTest(Subtract, { args: [{}], inputShape: [[2, 5], [2, 5]], expectedOutputShape: [2, 5] });
    await runLayerTest(Concatenate, { args: [{ axis: 1 }], inputShape: [[2, 3, 4], [2, 2, 4]], expectedOutputShape: [2, 5, 4] });
    await runLayerTest(Concatenate, { args: [{}], inputShape: [[2, 3], [2, 2], [2, 1]], expectedOutputShape: [2, 6] });
    await runLayerTest(Dot, { args: [1], inputShape: [[2, 5], [2, 5]], expectedOutputShape: [2, 1] });
    await runLayerTest(Dot, { args: [[2, 2], { normalize: true }], inputShape: [[2, 3, 4], [2, 6, 4]], expectedOutputShape: [2, 3, 6] });
  });
});

describe('merge layers: Keras semantics', () => {
  it('adds a lower-rank input expanded at axis 1, as Keras does', async () => {
    const y = new Add().apply([dl.ones([2, 3, 4]), dl.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]])]);
    expect(y.shape).toEqual([2, 3, 4]);
    expect(Array.from(await y.data()).slice(0, 4)).toEqual([2, 3, 4, 5]);
  });

  it('Average and Subtract compute what their names say', async () => {
    expect(Array.from(await new Average().apply([dl.tensor2d([[1, 2]]), dl.tensor2d([[3, 6]])]).data())).toEqual([2, 4]);
    expect(Array.from(await new Subtract().apply([dl.tensor2d([[3, 4]]), dl.tensor2d([[1, 1]])]).data())).toEqual([2, 3]);
  });

  it('rejects shapes that do not broadcast, naming the layer and the shapes', () => {
    const add = new Add({ name: 'add_bad' });
    expect(() => add.apply([dl.ones([2, 3]), dl.ones([2, 4])])).toThrow(ShapeError);
    expect(() => add.apply([dl.ones([2, 3]), dl.ones([2, 4])])).toThrow('Add "add_bad": inputs have incompatible shapes, received (None, 3) and (None, 4)');
    expect(() => new Add().apply([Input({ shape: [3] }), Input({ shape: [5] })])).toThrow(ShapeError);
  });

  it('rejects different batch sizes, a single tensor, and Subtract with 3 inputs', () => {
    expect(() => new Multiply().apply([dl.ones([2, 3]), dl.ones([3, 3])])).toThrow('cannot merge tensors with different batch sizes');
    expect(() => new Add().apply(dl.ones([2, 3]))).toThrow('expected a list of tensors');
    expect(() => new Subtract().apply([dl.ones([2, 3]), dl.ones([2, 3]), dl.ones([2, 3])])).toThrow('expected exactly 2 inputs, received 3');
  });

  it('Concatenate checks the other axes, the axis and its argument', () => {
    expect(() => new Concatenate().apply([dl.ones([2, 3, 4]), dl.ones([2, 2, 4])])).toThrow('matching shapes except for the concatenation axis -1');
    expect(() => new Concatenate({ axis: 0 }).apply([dl.ones([2, 3]), dl.ones([2, 3])])).toThrow('non-batch axis');
    expect(() => new Concatenate({ axis: 1.5 })).toThrow(ConfigError);
    expect(new Concatenate({ axis: 1 }).apply([Input({ shape: [3, 4] }), Input({ shape: [null, 4] })]).shape).toEqual([null, null, 4]);
  });

  it('Dot checks axes and sizes', () => {
    expect(() => new Dot(1).apply([dl.ones([2, 3]), dl.ones([2, 4])])).toThrow('incompatible sizes 3 (axis 1) and 4 (axis 1)');
    expect(() => new Dot(0).apply([dl.ones([2, 3]), dl.ones([2, 3])])).toThrow('non-batch axes');
    expect(() => new Dot('x' as unknown as number)).toThrow(ConfigError);
    expect(() => new Dot(1).apply([dl.ones([2, 3]), dl.ones([2, 3]), dl.ones([2, 3])])).toThrow('exactly 2 inputs');
    expect(new Dot(-1).apply([Input({ shape: [5, 4] }), Input({ shape: [6, 4] })]).shape).toEqual([null, 5, 6]);
  });

  it('element-wise merges AND the masks that are present', async () => {
    const a = dl.ones([1, 3, 2]);
    const b = dl.ones([1, 3, 2]);
    const c = dl.ones([1, 3, 2]);
    setMask(a, dl.tensor2d([[1, 1, 0]], [1, 3], 'bool'));
    setMask(b, dl.tensor2d([[1, 0, 1]], [1, 3], 'bool'));
    expect(Array.from(await getMask(new Add().apply([a, b, c]))!.data())).toEqual([1, 0, 0]);
    expect(getMask(new Add().apply([c, c]))).toBeNull();
  });

  it('Concatenate concatenates the masks (all true for an input without one), as Keras', async () => {
    const a = dl.ones([1, 3, 2]);
    const b = dl.ones([1, 2, 2]);
    setMask(a, dl.tensor2d([[1, 0, 1]], [1, 3], 'bool'));
    const onTime = new Concatenate({ axis: 1 }).apply([a, b]);
    expect(Array.from(await getMask(onTime)!.data())).toEqual([1, 0, 1, 1, 1]);
    const c = dl.ones([1, 3, 2]);
    const onFeatures = new Concatenate().apply([a, c]);
    expect(Array.from(await getMask(onFeatures)!.data())).toEqual([1, 0, 1]);
    expect(getMask(new Dot(2).apply([a, c]))).toBeNull();
  });

  it('leaks no tensors', () => {
    const xs = [dl.ones([2, 3]), dl.ones([2, 3])];
    const layers = [new Add(), new Subtract(), new Multiply(), new Average(), new Maximum(), new Minimum(), new Concatenate(), new Dot(1, { normalize: true })];
    const before = dl.memory().numTensors;
    for (const l of layers) l.apply(xs).dispose();
    expect(dl.memory().numTensors).toBe(before);
    dl.dispose(xs);
  });
});
