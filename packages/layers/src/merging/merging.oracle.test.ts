// Merge layers against tfjs-layers 4.22 (same inputs): outputs and the gradients of
// sum(output * r) with respect to every input, relative tolerance 1e-5.
import * as tfl from '@tensorflow/tfjs-layers';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, type Layer } from '@dl/layers';
import { describe, it } from 'vitest';
import { expectClose } from '../test-helpers';

type Apply = (xs: Tensor[]) => Tensor;

async function compare(name: string, ours: Apply, theirs: Apply, shapes: number[][]): Promise<void> {
  dl.setSeed(11);
  const xs = shapes.map((s) => dl.randomNormal(s));
  const yOurs = ours(xs);
  const yTheirs = theirs(xs);
  await expectClose(yOurs, yTheirs, `${name} output`);
  const r = dl.randomNormal(yOurs.shape);
  const loss = (f: Apply) => (...ins: Tensor[]) => dl.sum(dl.mul(f(ins), r));
  const gOurs = dl.grads(loss(ours))(xs);
  const gTheirs = dl.grads(loss(theirs))(xs);
  for (let i = 0; i < xs.length; i++) await expectClose(gOurs[i]!, gTheirs[i]!, `${name} gradient of input ${i}`);
  dl.dispose([...xs, yOurs, yTheirs, r, ...gOurs, ...gTheirs]);
}

const dlApply = (layer: Layer): Apply => (xs) => layer.apply(xs);
const tfApply = (layer: tfl.layers.Layer): Apply => (xs) => layer.apply(xs) as Tensor;

describe('merge layers equal tfjs-layers (outputs and input gradients)', () => {
  const elementwise: [string, () => Layer, () => tfl.layers.Layer][] = [
    ['Add', () => new Add(), () => tfl.layers.add({})],
    ['Multiply', () => new Multiply(), () => tfl.layers.multiply({})],
    ['Average', () => new Average(), () => tfl.layers.average({})],
    ['Maximum', () => new Maximum(), () => tfl.layers.maximum({})],
    ['Minimum', () => new Minimum(), () => tfl.layers.minimum({})],
  ];
  for (const [name, ours, theirs] of elementwise) {
    it(`${name}: three inputs (2, 3, 4)`, async () => {
      await compare(name, dlApply(ours()), tfApply(theirs()), [[2, 3, 4], [2, 3, 4], [2, 3, 4]]);
    });
    it(`${name}: broadcasting (2, 3, 4) with (2, 1, 4) and (2, 4)`, async () => {
      // tfjs-layers' oracle gets the inputs tiled to (2, 3, 4) (its maximum/minimum gradients do not reduce broadcasts).
      const tiled: Apply = (xs) => tfApply(theirs())(xs.map((x) => dl.broadcastTo(x.rank === 2 ? dl.expandDims(x, 1) : x, [2, 3, 4])));
      await compare(name, dlApply(ours()), tiled, [[2, 3, 4], [2, 1, 4], [2, 4]]);
    });
  }

  it('Subtract equals tfjs-core sub (tfjs-layers has no Subtract)', async () => {
    await compare('Subtract', dlApply(new Subtract()), ([a, b]) => dl.sub(a!, b!), [[2, 5], [2, 5]]);
  });

  it('Concatenate on the last axis and on axis 1', async () => {
    await compare('Concatenate', dlApply(new Concatenate()), tfApply(tfl.layers.concatenate({})), [[2, 3, 4], [2, 3, 2]]);
    await compare('Concatenate(1)', dlApply(new Concatenate({ axis: 1 })), tfApply(tfl.layers.concatenate({ axis: 1 })), [[2, 3, 4], [2, 1, 4], [2, 2, 4]]);
  });

  const dots: [string, number | [number, number], boolean, number[][]][] = [
    ['2D axes 1', 1, false, [[3, 5], [3, 5]]],
    ['2D axes 1 normalized', 1, true, [[3, 5], [3, 5]]],
    ['3D axes 2', 2, false, [[2, 3, 4], [2, 5, 4]]],
    ['3D axes [1, 1]', [1, 1], false, [[2, 3, 4], [2, 3, 5]]],
    ['3D axes [2, 1] normalized', [2, 1], true, [[2, 3, 4], [2, 4, 5]]],
    ['3D with 2D, axes [2, 1]', [2, 1], false, [[2, 3, 4], [2, 4]]],
  ];
  for (const [name, axes, normalize, shapes] of dots) {
    it(`Dot ${name}`, async () => {
      await compare(`Dot ${name}`, dlApply(new Dot(axes, { normalize })), tfApply(tfl.layers.dot({ axes, normalize })), shapes);
    });
  }
});
