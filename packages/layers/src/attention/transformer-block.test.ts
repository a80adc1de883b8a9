// A Transformer encoder block (Deep Learning with Python, chapter 11) as a custom layer:
// MultiHeadAttention + Add + LayerNormalization + Dense, checked for shapes, masks, the config
// round trip and training steps that lower the loss.
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { Add, Dense, Dropout, Embedding, Layer, LayerNormalization, MultiHeadAttention, getMask, type CallOptions, type LayerArgs, type LayerConfig, type Shape } from '@dl/layers';
import { runLayerTest } from '@dl/layers/testing';
import { describe, expect, it } from 'vitest';

interface EncoderArgs extends LayerArgs { embedDim: number; denseDim: number; numHeads: number }

class TransformerEncoder extends Layer {
  static override readonly className = 'TransformerEncoder';
  readonly args: EncoderArgs;
  readonly attention: MultiHeadAttention;
  readonly dense1: Dense;
  readonly dense2: Dense;
  readonly norm1 = this.trackLayer(new LayerNormalization());
  readonly norm2 = this.trackLayer(new LayerNormalization());
  readonly add = new Add();
  readonly dropout = new Dropout(0.1, { seed: 1 });

  constructor(args: EncoderArgs) {
    super(args);
    this.args = args;
    this.attention = this.trackLayer(new MultiHeadAttention(args.numHeads, args.embedDim));
    this.dense1 = this.trackLayer(new Dense(args.denseDim, { activation: 'relu' }));
    this.dense2 = this.trackLayer(new Dense(args.embedDim));
    this.supportsMasking = true;
  }

  override call(x: Tensor, { training, mask }: CallOptions): Tensor {
    const m = mask instanceof dl.Tensor ? mask : null;
    const attended = this.attention.apply([x, x], { training: training ?? false, mask: [m, m], ...(m === null ? {} : { attentionMask: dl.expandDims(m, 1) }) });
    const projected = this.norm1.apply(this.add.apply([x, this.dropout.apply(attended, { training: training ?? false })]));
    const ff = this.dense2.apply(this.dense1.apply(projected));
    return this.norm2.apply(this.add.apply([projected, ff]));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), embedDim: this.args.embedDim, denseDim: this.args.denseDim, numHeads: this.args.numHeads };
  }
}

describe('a Transformer encoder block (MHA + Add + LayerNormalization + Dense)', () => {
  it('passes runLayerTest: shapes, symbolic call, config round trip, one training step', async () => {
    await runLayerTest(TransformerEncoder, {
      args: [{ embedDim: 8, denseDim: 16, numHeads: 2 }],
      inputShape: [2, 5, 8],
      expectedOutputShape: [2, 5, 8],
      expectedNumTrainableWeights: 8 + 4 + 4,
      registry: { TransformerEncoder },
    });
  });

  it('keeps the padding mask of its Embedding input, and SGD steps lower a regression loss', async () => {
    dl.setSeed(0);
    const emb = new Embedding(20, 8, { maskZero: true });
    const block = new TransformerEncoder({ embedDim: 8, denseDim: 16, numHeads: 2 });
    const head = new Dense(1);
    const ids = dl.tensor2d([[3, 7, 1, 0], [5, 2, 9, 4]], [2, 4], 'int32');
    const target = dl.tensor2d([[1], [-1]]);
    const x = emb.apply(ids);
    expect(Array.from(await getMask(block.apply(x))!.data())).toEqual([1, 1, 1, 0, 1, 1, 1, 1]);
    const weights = [...emb.trainableWeights, ...block.trainableWeights, ...head.trainableWeights];
    const step = () => {
      const { value, grads } = dl.variableGrads(() => {
        const encoded = block.apply(emb.apply(ids), { training: true });
        const pooled = dl.mean(encoded, 1);
        return dl.mean(dl.square(dl.sub(head.apply(pooled), target))) as dl.Scalar;
      }, weights.map((w) => w.value));
      dl.tidy(() => weights.forEach((w) => w.value.assign(dl.sub(w.value, dl.mul(0.05, grads[w.value.name]!)))));
      dl.dispose(Object.values(grads));
      return value;
    };
    const first = (await step().data())[0]!;
    let last = first;
    for (let i = 0; i < 10; i++) last = (await step().data())[0]!;
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first);
  });
});
