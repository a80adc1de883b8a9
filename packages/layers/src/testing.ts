/**
 * `@dl/layers/testing`: the checks every layer passes, for dl's own layers
 * and for a downstream library's (Keras' `run_layer_test`). Framework-free:
 * a failed check throws an Error saying what differed.
 */
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { Input, deserializeLayer, serializeLayer, type Layer, type LayerRegistry } from '@dl/layers';

/** What `runLayerTest` checks. */
export interface LayerTestSpec<C extends abstract new (...args: never[]) => Layer> {
  /** The constructor arguments, as a tuple: `[16, { activation: 'relu' }]`. */
  args: ConstructorParameters<C>;
  /** A concrete input shape with the batch axis (or one per input). */
  inputShape: number[] | number[][];
  /** float32 (default: normal values) or int32 (ids in [0, `maxId`)). */
  inputDtype?: 'float32' | 'int32';
  /** For int32 inputs: ids are drawn in [0, maxId). Default 10. */
  maxId?: number;
  /** The expected output shape for `inputShape` (or one per output). */
  expectedOutputShape: number[] | number[][];
  /** How many trainable / non-trainable weights the built layer has. */
  expectedNumTrainableWeights?: number;
  expectedNumNonTrainableWeights?: number;
  /** Whether the layer should support masking. */
  supportsMasking?: boolean;
  /** Run one gradient step in training mode and check the gradients (default: when it has trainable weights). */
  trainingStep?: boolean;
  /** Classes to deserialize with (for layers that are not registered). */
  registry?: LayerRegistry;
  /** Seed for the input values and weights. Default 1. */
  seed?: number;
}

/** What a passing `runLayerTest` returns, for further checks. */
export interface LayerTestReport {
  /** Output values of the first layer on the test input (inference mode). */
  output: Float32Array | Int32Array | Uint8Array;
  /** The gradients' squared sums, per trainable weight path (empty without a training step). */
  gradientNorms: Record<string, number>;
}

function fail(cls: string, what: string): never {
  throw new Error(`runLayerTest(${cls}): ${what}`);
}

function same(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks a layer class the way Keras' `run_layer_test` does: the output shape
 * on a concrete input, the symbolic output shape on an `Input`, the weight
 * counts, the config round trip through JSON (same config, same outputs with
 * the same weights), masking support, one training step with finite, non-zero
 * gradients of the right shapes that change the weights, and no leaked tensors.
 *
 * @throws Error describing the first check that failed.
 * @example
 * ```ts
 * import { runLayerTest } from '@dl/layers/testing';
 * await runLayerTest(Dense, { args: [3], inputShape: [2, 4], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 2 });
 * ```
 */
export async function runLayerTest<C extends abstract new (...args: never[]) => Layer>(
  cls: C,
  spec: LayerTestSpec<C>,
): Promise<LayerTestReport> {
  const name = (cls as unknown as { className: string }).className;
  const Ctor = cls as unknown as new (...args: unknown[]) => Layer;
  dl.setSeed(spec.seed ?? 1);
  const before = dl.memory().numTensors;
  const multi = Array.isArray(spec.inputShape[0]);
  const shapes = (multi ? spec.inputShape : [spec.inputShape]) as number[][];
  const xs = shapes.map((s) =>
    spec.inputDtype === 'int32' ? dl.randomUniformInt(s, 0, spec.maxId ?? 10) : dl.randomNormal(s),
  );
  const x = multi ? xs : xs[0]!;
  // A layer may return its input itself (Identity does): never dispose the test's inputs.
  const disposeOutputs = (ts: Tensor[]) => dl.dispose(ts.filter((t) => !xs.includes(t)));
  const expected = (Array.isArray(spec.expectedOutputShape[0]) ? spec.expectedOutputShape : [spec.expectedOutputShape]) as number[][];
  const layer = new Ctor(...(spec.args as unknown[]));
  const clone = (() => {
    const serialized = JSON.parse(JSON.stringify(serializeLayer(layer)));
    return { serialized, layer: deserializeLayer(serialized, spec.registry === undefined ? {} : { registry: spec.registry }) };
  })();
  let report: LayerTestReport;
  try {
    // 1. Concrete call.
    const outs = dl.tidy(() => layer.applyAll(x as Tensor[] | Tensor));
    if (outs.length !== expected.length) fail(name, `expected ${expected.length} outputs, received ${outs.length}.`);
    outs.forEach((o, i) => {
      if (!same(o.shape, expected[i]!)) fail(name, `output ${i} has shape [${o.shape}], expected [${expected[i]}].`);
    });
    const output = (await outs[0]!.data()) as Float32Array | Int32Array | Uint8Array;
    disposeOutputs(outs);

    // 2. Weight counts and masking.
    if (spec.expectedNumTrainableWeights !== undefined && layer.trainableWeights.length !== spec.expectedNumTrainableWeights) {
      fail(name, `expected ${spec.expectedNumTrainableWeights} trainable weights, received ${layer.trainableWeights.length}.`);
    }
    if (spec.expectedNumNonTrainableWeights !== undefined && layer.nonTrainableWeights.length !== spec.expectedNumNonTrainableWeights) {
      fail(name, `expected ${spec.expectedNumNonTrainableWeights} non-trainable weights, received ${layer.nonTrainableWeights.length}.`);
    }
    if (spec.supportsMasking !== undefined && layer.supportsMasking !== spec.supportsMasking) {
      fail(name, `expected supportsMasking ${spec.supportsMasking}, received ${layer.supportsMasking}.`);
    }

    // 3. Symbolic call on Inputs with an unknown batch size.
    const symbolic = new Ctor(...(spec.args as unknown[]));
    const inputs = shapes.map((s) => Input({ batchShape: [null, ...s.slice(1)], dtype: spec.inputDtype ?? 'float32' }));
    const symOuts = symbolic.applyAll(multi ? inputs : inputs[0]!);
    symOuts.forEach((o, i) => {
      const want = [null, ...expected[i]!.slice(1)];
      const ok = o.shape.length === want.length && o.shape.every((d, j) => d === want[j] || (d === null && j > 0));
      if (!ok) fail(name, `symbolic output ${i} has shape [${o.shape}], expected [${want}].`);
    });
    symbolic.dispose();

    // 4. Config round trip: the same JSON, and the same outputs with the same weights.
    const again = JSON.parse(JSON.stringify(serializeLayer(clone.layer)));
    if (JSON.stringify(again) !== JSON.stringify(clone.serialized)) {
      fail(name, `the config changed in a round trip:\n  ${JSON.stringify(clone.serialized)}\n  ${JSON.stringify(again)}`);
    }
    disposeOutputs(dl.tidy(() => clone.layer.applyAll(x as Tensor[] | Tensor)));
    const weights = layer.getWeights();
    clone.layer.setWeights(weights);
    dl.dispose(weights);
    const cloneOut = dl.tidy(() => clone.layer.applyAll(x as Tensor[] | Tensor)[0]!);
    const co = await cloneOut.data();
    disposeOutputs([cloneOut]);
    for (let i = 0; i < output.length; i++) {
      if (Math.abs(co[i]! - output[i]!) > 1e-6 * Math.max(1, Math.abs(output[i]!))) {
        fail(name, `the deserialized layer gives ${co[i]} at ${i} where the original gives ${output[i]}.`);
      }
    }

    // 5. One training step.
    const gradientNorms: Record<string, number> = {};
    const trainable = layer.trainableWeights;
    if ((spec.trainingStep ?? trainable.length > 0) && trainable.length > 0) {
      const vars = trainable.map((w) => w.value);
      const start = dl.memory().numTensors;
      const { value, grads } = dl.variableGrads(() => {
        const ys = layer.applyAll(x as Tensor[] | Tensor, { training: true });
        const terms = ys.filter((y) => y.dtype === 'float32').map((y) => dl.mean(dl.square(y)));
        return dl.addN([...terms, ...layer.losses]) as dl.Scalar;
      }, vars);
      const lossValue = await value.data();
      if (!Number.isFinite(lossValue[0]!)) fail(name, `the training loss is ${lossValue[0]}.`);
      for (const w of trainable) {
        const g = grads[w.value.name];
        if (g === undefined) fail(name, `no gradient for weight "${w.path}".`);
        if (!same(g.shape, w.shape)) fail(name, `the gradient of "${w.path}" has shape [${g.shape}], expected [${w.shape}].`);
        const sqT = dl.tidy(() => dl.sum(dl.square(g)));
        const sq = (await sqT.data())[0]!;
        sqT.dispose();
        if (!Number.isFinite(sq)) fail(name, `the gradient of "${w.path}" is not finite.`);
        gradientNorms[w.path] = sq;
      }
      if (Object.values(gradientNorms).every((n) => n === 0)) fail(name, 'every gradient is zero.');
      const old = trainable.map((w) => dl.clone(w.value));
      dl.tidy(() => trainable.forEach((w) => w.value.assign(dl.sub(w.value, dl.mul(0.01, grads[w.value.name]!)))));
      const diffs = dl.tidy(() => trainable.map((w, i) => dl.any(dl.notEqual(w.value, old[i]!))));
      const changed = await Promise.all(diffs.map(async (d) => (await d.data())[0] === 1));
      dl.dispose(diffs);
      if (!changed.some(Boolean)) fail(name, 'a training step changed no weight.');
      dl.dispose([value, ...Object.values(grads), ...old]);
      const leaked = dl.memory().numTensors - start;
      if (leaked > 0) fail(name, `a training step leaked ${leaked} tensors.`);
    }
    report = { output, gradientNorms };
  } finally {
    layer.dispose();
    clone.layer.dispose();
    dl.dispose(xs);
  }
  const leaked = dl.memory().numTensors - before;
  if (leaked > 0) fail(name, `${leaked} tensors leaked.`);
  return report;
}
