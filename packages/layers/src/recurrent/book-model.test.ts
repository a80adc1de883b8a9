// The book's imdb_bilstm pieces (Deep Learning with Python, chapter 11), small:
// Embedding(maskZero) → Bidirectional(LSTM) → Dense(1, sigmoid), without @dl/models.
import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { Bidirectional, Dense, Embedding, Input, LSTM } from '@dl/layers';

function model() {
  dl.setSeed(11);
  const embedding = new Embedding(50, 8, { maskZero: true });
  const bilstm = new Bidirectional(new LSTM(8));
  const dense = new Dense(1, { activation: 'sigmoid' });
  const layers = [embedding, bilstm, dense];
  const run = (ids: Tensor, training = false) => dense.apply(bilstm.apply(embedding.apply(ids), { training }));
  return { embedding, bilstm, dense, run, weights: () => layers.flatMap((l) => l.trainableWeights) };
}

const ids = dl.tensor2d([[5, 12, 7, 0, 0], [3, 9, 41, 22, 8], [17, 0, 0, 0, 0]], [3, 5], 'int32');
const targets = dl.tensor2d([[1], [0], [1]]);

describe('Embedding(maskZero) → Bidirectional(LSTM(8)) → Dense(1)', () => {
  it('has the book model shapes, symbolically and on tensors', () => {
    const m = model();
    const input = Input({ shape: [5], dtype: 'int32' });
    const symbolic = m.dense.apply(m.bilstm.apply(m.embedding.apply(input)));
    expect(symbolic.shape).toEqual([null, 1]);
    expect(m.run(ids).shape).toEqual([3, 1]);
    expect(m.bilstm.countParams()).toBe(2 * (8 * 32 + 8 * 32 + 32));
  });

  it('respects the padding mask: a right-padded sequence gives the unpadded output', () => {
    const m = model();
    const padded = m.run(ids).dataSync();
    const unpadded = m.run(dl.tensor2d([[5, 12, 7]], [1, 3], 'int32')).dataSync();
    const single = m.run(dl.tensor2d([[17]], [1, 1], 'int32')).dataSync();
    expect(Math.abs(padded[0]! - unpadded[0]!)).toBeLessThan(1e-6);
    expect(Math.abs(padded[2]! - single[0]!)).toBeLessThan(1e-6);
  });

  it('trains: finite gradients, none through padding, and one SGD step lowers the loss', () => {
    const m = model();
    m.run(ids);
    const weights = m.weights();
    expect(weights.length).toBe(1 + 6 + 2);
    const loss = () => dl.mean(dl.square(dl.sub(m.run(ids, true), targets))) as dl.Scalar;
    const { value, grads } = dl.variableGrads(loss, weights.map((w) => w.value));
    for (const w of weights) {
      const g = grads[w.value.name]!;
      expect(g.shape).toEqual(w.shape);
      expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
      expect(dl.sum(dl.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    }
    // Row 0 of the embedding (padding) gets no gradient: masked steps do not reach the output.
    const embeddingGrad = grads[m.embedding.embeddings!.value.name]!;
    expect(Array.from(dl.slice(embeddingGrad, [0, 0], [1, 8]).dataSync())).toEqual(new Array(8).fill(0));
    for (const w of weights) w.value.assign(dl.sub(w.value, dl.mul(0.1, grads[w.value.name]!)));
    expect(loss().dataSync()[0]).toBeLessThan(value.dataSync()[0]!);
  });
});
