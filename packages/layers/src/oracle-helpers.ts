// Test-only helpers (not exported by the package, not bundled): compare a dl
// layer with a reference layer (tfjs-layers, in *.oracle.test.ts files) on the
// same weights and inputs, and check gradients by central finite differences.
import * as dl from '@dl/tensor';
import type { Tensor, Variable } from '@dl/tensor';
import type { Layer } from '@dl/layers';

/** What the comparison needs of a tfjs-layers layer (tfjs tensors are dl tensors: one tfjs-core). */
export interface ReferenceLayer {
  apply(x: Tensor): unknown;
  setWeights(values: Tensor[]): void;
  readonly trainableWeights: { read(): Variable }[];
}

/** Deterministic values in [-1, 1) (an LCG), so fixtures, dl and the reference all see the same numbers. */
export function lcg(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return dl.tensor(out, shape, 'float32');
}

/** Throws unless every |a - b| <= rtol · max(1, max |b|) (a tolerance relative to the values' scale). */
export async function expectClose(actual: Tensor, expected: Tensor | ArrayLike<number>, what: string, rtol = 1e-5): Promise<void> {
  const a = await actual.data();
  const b = expected instanceof dl.Tensor ? await expected.data() : expected;
  if (expected instanceof dl.Tensor && actual.shape.join() !== expected.shape.join()) {
    throw new Error(`${what}: shape [${actual.shape}] differs from the reference's [${expected.shape}]`);
  }
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} values, the reference has ${b.length}`);
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= rtol * scale)) {
      throw new Error(`${what}: value ${i} is ${a[i]}, the reference has ${b[i]} (tolerance ${rtol * scale})`);
    }
  }
}

/** The output, the input gradient and each trainable weight's gradient of `sum(layer(x) · r)`. */
function outputAndGrads(run: (x: Tensor) => Tensor, vars: Variable[], x: Tensor, seed: number): Tensor[] {
  const y = run(x);
  const r = lcg(y.shape, seed);
  const loss = (input: Tensor) => dl.sum(dl.mul(run(input), r)) as dl.Scalar;
  const dx = dl.grad(loss)(x);
  if (vars.length === 0) return [y, dx];
  const { grads } = dl.variableGrads(() => loss(x), vars);
  return [y, dx, ...vars.map((v) => grads[v.name]!)];
}

/**
 * Gives `reference` the dl layer's weights and compares, within `rtol`, the
 * outputs, the gradients with respect to the input, and the gradients with
 * respect to every trainable weight (of `sum(y · r)` for a fixed r); with
 * `gradients: false`, the outputs only.
 */
export async function compareWithReference(
  layer: Layer, reference: ReferenceLayer, x: Tensor, { rtol = 1e-5, gradients = true }: { rtol?: number; gradients?: boolean } = {},
): Promise<void> {
  dl.dispose(layer.apply(x));
  dl.dispose(reference.apply(x) as Tensor);
  const weights = layer.getWeights();
  reference.setWeights(weights);
  dl.dispose(weights);
  const ours = dl.tidy(() => outputAndGrads((t) => layer.apply(t), layer.trainableWeights.map((w) => w.value), x, 7));
  const theirs = dl.tidy(() => outputAndGrads((t) => reference.apply(t) as Tensor, reference.trainableWeights.map((w) => w.read()), x, 7));
  const names = gradients ? ['output', 'input gradient', ...layer.trainableWeights.map((w) => `gradient of ${w.name}`)] : ['output'];
  try {
    for (let i = 0; i < names.length; i++) await expectClose(ours[i]!, theirs[i]!, names[i]!, rtol);
  } finally {
    dl.dispose([...ours, ...theirs]);
  }
}

/**
 * Checks the input and weight gradients of `sum(layer(x) · r)` against central
 * finite differences (step `eps`), within `rtol` of the gradients' scale.
 */
export async function checkFiniteDifferences(layer: Layer, x: Tensor, eps: number, rtol: number): Promise<void> {
  dl.dispose(layer.apply(x));
  const vars = layer.trainableWeights.map((w) => w.value);
  const analytic = dl.tidy(() => outputAndGrads((t) => layer.apply(t), vars, x, 11).slice(1));
  const r = dl.tidy(() => lcg(layer.apply(x).shape, 11));
  const lossAt = async (input: Tensor): Promise<number> => {
    const l = dl.tidy(() => dl.sum(dl.mul(layer.apply(input), r)));
    const v = (await l.data())[0]!;
    l.dispose();
    return v;
  };
  // d loss / d values[i] by central differences; `evaluate` computes the loss with the values changed.
  const numeric = async (target: Tensor, evaluate: (values: Tensor) => Promise<number>): Promise<Float32Array> => {
    const base = Float32Array.from(await target.data());
    const out = new Float32Array(base.length);
    const at = async (i: number, delta: number) => {
      const v = base.slice();
      v[i] = base[i]! + delta;
      const t = dl.tensor(v, target.shape);
      const value = await evaluate(t);
      t.dispose();
      return value;
    };
    for (let i = 0; i < base.length; i++) out[i] = ((await at(i, eps)) - (await at(i, -eps))) / (2 * eps);
    return out;
  };
  try {
    const dx = await numeric(x, lossAt);
    await expectClose(analytic[0]!, dx, 'input gradient vs finite differences', rtol);
    for (let j = 0; j < vars.length; j++) {
      const v = vars[j]!;
      const saved = dl.clone(v);
      const g = await numeric(v, async (t) => {
        v.assign(t);
        return lossAt(x);
      });
      v.assign(saved);
      saved.dispose();
      await expectClose(analytic[j + 1]!, g, `gradient of ${layer.trainableWeights[j]!.name} vs finite differences`, rtol);
    }
  } finally {
    dl.dispose([...analytic, r]);
  }
}
