// What a downstream library does with @dl/layers: define a layer with weights and a
// sublayer, register it, train it with an @dl/optimizers optimizer, and save and load its
// config. Only public entries are imported.
import * as dl from '@dl/tensor';
import { read, readScalar, setSeed, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  Dense, Input, Layer, deserializeLayer, l2, registerLayer, serializeLayer,
  type LayerArgs, type LayerConfig, type LayerWeight, type Shape,
} from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';
import { Adam, SGD } from '@dl/optimizers';

interface GatedArgs extends LayerArgs {
  /** Initial value of the gate's bias. */
  gateBias?: number;
}

/** y = dense(x) · sigmoid(x · g + gateBias): a layer with its own weight and a tracked sublayer. */
class GatedDense extends Layer {
  static override readonly className = 'GatedDenseDownstream';
  readonly units: number;
  readonly gateBias: number;
  readonly dense: Dense;
  gate!: LayerWeight;

  constructor(units: number, args: GatedArgs = {}) {
    super(args);
    this.units = units;
    this.gateBias = args.gateBias ?? 0;
    this.dense = this.trackLayer(new Dense(units, { name: `${this.name}_dense`, kernelRegularizer: l2(1e-3) }));
  }

  override build(inputShape: Shape): void {
    this.gate = this.addWeight('gate', { shape: [inputShape[inputShape.length - 1] as number, this.units], initializer: 'glorotUniform' });
    this.dense.build(inputShape);
    super.build(inputShape);
  }

  override call(x: Tensor): Tensor {
    return dl.tidy(() => dl.mul(this.dense.apply(x), dl.sigmoid(dl.add(dl.matMul(x, this.gate.value), this.gateBias))));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), units: this.units, gateBias: this.gateBias };
  }

  static override fromConfig(config: LayerConfig): GatedDense {
    return new GatedDense(config['units'] as number, config as GatedArgs);
  }
}
registerLayer(GatedDense);

describe('a downstream custom layer', () => {
  it('passes runLayerTest', async () => {
    const report = await runLayerTest(GatedDense, {
      args: [3, { gateBias: 0.5 }], inputShape: [4, 2], expectedOutputShape: [4, 3], expectedNumTrainableWeights: 3,
    });
    expect(Object.keys(report.gradientNorms).sort()).toHaveLength(3);
  });

  it('builds symbolically with its sublayer\'s weights', () => {
    const layer = new GatedDense(2, { name: 'gd' });
    expect(layer.apply(Input({ shape: [5] })).shape).toEqual([null, 2]);
    expect(layer.weights.map((w) => w.path)).toEqual(['gd/gate', 'gd_dense/kernel', 'gd_dense/bias']);
    layer.dispose();
  });

  it('trains with variableGrads + applyGradients, and with minimize', async () => {
    setSeed(0);
    const x = dl.randomUniform([64, 2], -1, 1, 'float32', 1);
    // A target the layer can fit: 2·x0 - x1, gated by a sigmoid the layer learns to open.
    const y = dl.tidy(() => dl.sub(dl.mul(dl.slice(x, [0, 0], [-1, 1]), 2), dl.slice(x, [0, 1], [-1, 1])));
    const layer = new GatedDense(1, { gateBias: 2 });
    const loss = () => dl.tidy(() => dl.addN([dl.mean(dl.square(dl.sub(layer.apply(x), y))), ...layer.losses]) as dl.Scalar);

    const first = loss();
    const initial = await readScalar(first);
    first.dispose();
    const optimizer = new Adam({ learningRate: 0.05 });
    for (let step = 0; step < 150; step++) {
      dl.tidy(() => {
        const vars = layer.trainableWeights.map((w) => w.value);
        const { value, grads } = dl.variableGrads(loss, vars);
        optimizer.applyGradients(vars.map((v) => [grads[v.name], v] as const));
        value.dispose();
      });
    }
    const afterSteps = dl.memory().numTensors;
    const last = loss();
    const trained = await readScalar(last);
    last.dispose();
    expect(trained).toBeLessThan(initial / 10);
    expect(trained).toBeLessThan(0.02);

    // Freezing the sublayer: minimize over trainableWeights moves the gate only.
    layer.dense.trainable = false;
    expect(layer.trainableWeights.map((w) => w.name)).toEqual(['gate']);
    const kernel = Array.from(await read(layer.dense.kernel!.value));
    const gate = Array.from(await read(layer.gate.value));
    const sgd = new SGD({ learningRate: 0.5 });
    for (let i = 0; i < 3; i++) sgd.minimize(loss, layer.trainableWeights.map((w) => w.value)).dispose();
    expect(Array.from(await read(layer.dense.kernel!.value))).toEqual(kernel);
    expect(Array.from(await read(layer.gate.value))).not.toEqual(gate);
    // No tensor leaked by the steps (SGD without momentum keeps no slots).
    expect(dl.memory().numTensors).toBe(afterSteps);
    dl.dispose([x, y]);
    layer.dispose();
  });

  it('round-trips through JSON and deserializeLayer with the same outputs', async () => {
    setSeed(2);
    const layer = new GatedDense(3, { name: 'saved', gateBias: -0.25 });
    const x = dl.randomNormal([2, 4]);
    const out = layer.apply(x);
    const json = JSON.stringify(serializeLayer(layer));
    const copy = deserializeLayer(JSON.parse(json));
    expect(copy).toBeInstanceOf(GatedDense);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(copy.getConfig()).toMatchObject({ name: 'saved', units: 3, gateBias: -0.25 });
    copy.apply(x).dispose();
    const weights = layer.getWeights();
    copy.setWeights(weights);
    expect(Array.from(await read(copy.apply(x)))).toEqual(Array.from(await read(out)));
    dl.dispose([x, out, ...weights]);
  });
});
