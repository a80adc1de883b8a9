// The layers tfjs-layers lacks (causal Conv1D, the 1-D padding, cropping and upsampling,
// bilinear UpSampling2D with half-pixel centers) or where its semantics are the point of the
// test (average pooling with 'same' padding, masked GlobalAveragePooling1D), against NumPy
// fixtures made by fixtures/spatial_fixtures.py: outputs and gradients within 1e-5 of the scale.
import { readFileSync } from 'node:fs';
import * as dl from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  AveragePooling1D, AveragePooling2D, Conv1D, Cropping1D, GlobalAveragePooling1D, MaxPooling2D, UpSampling1D, UpSampling2D, ZeroPadding1D,
  type Layer,
} from '@dl/layers';
import { expectClose, lcg } from './oracle-helpers';

interface Case {
  name: string; className: string; args: unknown[]; xShape: number[]; weightShapes: number[][];
  yShape: number[]; y: number[]; dx: number[]; dWeights: number[][]; mask?: number[][];
}
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/spatial.json', import.meta.url), 'utf8')) as { cases: Case[] };

const classes: Record<string, new (...args: never[]) => Layer> = {
  Conv1D, ZeroPadding1D, Cropping1D, UpSampling1D, UpSampling2D, AveragePooling1D, AveragePooling2D, MaxPooling2D, GlobalAveragePooling1D,
};

describe('layers equal the NumPy fixtures (Keras 3 / TF definitions)', () => {
  it('has every fixture case', () => {
    expect(fixtures.cases.length).toBe(14);
  });

  it.each(fixtures.cases)('$name', async (c) => {
    const Ctor = classes[c.className] as unknown as new (...args: unknown[]) => Layer;
    const layer = new Ctor(...c.args);
    const x = lcg(c.xShape, 3);
    const mask = c.mask === undefined ? null : dl.tensor2d(c.mask, undefined, 'bool');
    const run = (input: dl.Tensor) => layer.apply(input, mask === null ? {} : { mask });
    dl.dispose(run(x));
    const weights = c.weightShapes.map((s, i) => lcg(s, 20 + i));
    layer.setWeights(weights);
    const r = lcg(c.yShape, 7);
    const loss = (input: dl.Tensor) => dl.sum(dl.mul(run(input), r)) as dl.Scalar;
    const y = run(x);
    expect(y.shape).toEqual(c.yShape);
    await expectClose(y, c.y, 'output');
    const dx = dl.grad(loss)(x);
    await expectClose(dx, c.dx, 'input gradient');
    const vars = layer.trainableWeights.map((w) => w.value);
    const { value, grads } = vars.length > 0 ? dl.variableGrads(() => loss(x), vars) : { value: dl.scalar(0), grads: {} };
    for (let i = 0; i < vars.length; i++) await expectClose(grads[vars[i]!.name]!, c.dWeights[i]!, `gradient of ${layer.trainableWeights[i]!.name}`);
    dl.dispose([x, y, r, dx, value, ...weights, ...Object.values(grads), ...(mask === null ? [] : [mask])]);
    layer.dispose();
  });
});
