import {
  ConfigError, ShapeError, add, cast, engine, greater, readScalar, scalar, sum, tensor1d, tensor2d, tidy, type Tensor,
} from '@dl/tensor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUC, BinaryAccuracy, CategoricalAccuracy, F1Score, Mean, MeanMetricWrapper, Metric, Precision, R2Score, Recall,
  SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy, deserialize, get, registerMetric,
  resolveAccuracy, serialize, type MetricArgs,
} from '@dl/metrics';
import { SparseCategoricalCrossentropy } from '@dl/losses';

// Counts device-to-host reads where tfjs makes them: every tensor.data()/dataSync()/array()
// goes through the engine's read/readSync (kernels reach backend data directly, not through these).
let reads = 0;
const eng = engine() as unknown as { read: (...a: unknown[]) => unknown; readSync: (...a: unknown[]) => unknown };
const original = { read: eng.read, readSync: eng.readSync };
beforeEach(() => {
  reads = 0;
  eng.read = function (...a: unknown[]) { reads++; return original.read.apply(this, a); };
  eng.readSync = function (...a: unknown[]) { reads++; return original.readSync.apply(this, a); };
});
afterEach(() => {
  eng.read = original.read;
  eng.readSync = original.readSync;
});

describe('updateState does no device-to-host read', () => {
  const y = tensor2d([[1], [0], [1], [0]]);
  const p = tensor2d([[0.9], [0.4], [0.3], [0.6]]);
  const onehot = tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]);
  const probs = tensor2d([[0.7, 0.2, 0.1], [0.1, 0.5, 0.4], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]]);
  const ids = tensor1d([0, 1, 2, 5]);
  const sw = tensor1d([1, 2, 1, 0.5]);
  const cases: Array<[string, () => void]> = [
    ['BinaryAccuracy', () => new BinaryAccuracy().updateState(y, p, sw)],
    ['Precision', () => new Precision({ thresholds: [0.3, 0.5] }).updateState(y, p, sw)],
    ['Recall topK', () => new Recall({ topK: 1 }).updateState(onehot, probs, sw)],
    ['AUC', () => new AUC({ curve: 'PR' }).updateState(y, p, sw)],
    ['CategoricalAccuracy', () => new CategoricalAccuracy().updateState(onehot, probs)],
    ['SparseCategoricalAccuracy (with an out-of-range label)', () => new SparseCategoricalAccuracy().updateState(ids, probs, sw)],
    ['SparseTopKCategoricalAccuracy', () => new SparseTopKCategoricalAccuracy({ k: 2 }).updateState(ids, probs)],
    ['TopKCategoricalAccuracy', () => new TopKCategoricalAccuracy({ k: 2 }).updateState(onehot, probs)],
    ['F1Score', () => new F1Score({ average: 'macro' }).updateState(onehot, probs, sw)],
    ['R2Score', () => new R2Score().updateState(p, y, sw)],
    ['Mean', () => new Mean().updateState(p, sw)],
    ['loss as a metric (ignoreClass)', () => new MeanMetricWrapper(new SparseCategoricalCrossentropy({ ignoreClass: 2 })).updateState(ids, probs)],
  ];
  it.each(cases)('%s', async (_name, update) => {
    update();
    update();
    expect(reads).toBe(0);
  });

  it('the counter sees reads (control): readResult reads', async () => {
    const m = new BinaryAccuracy();
    m.updateState(y, p);
    expect(reads).toBe(0);
    expect(await m.readResult()).toBe(0.5);
    expect(reads).toBeGreaterThan(0);
  });
});

describe('typed errors', () => {
  it('a sparse label outside [0, numClasses) raises a ConfigError when the result is read', async () => {
    const m = new SparseCategoricalAccuracy();
    m.updateState(tensor1d([0, 3, -1]), tensor2d([[0.9, 0.1, 0], [0.2, 0.8, 0], [0.5, 0.5, 0]]));
    await expect(m.readResult()).rejects.toThrow(
      'Invalid `yTrue` for SparseCategoricalAccuracy "sparse_categorical_accuracy": expected integer class ids in [0, numClasses), received 2 labels outside that range since the last resetState().',
    );
    m.resetState();
    m.updateState(tensor1d([0]), tensor2d([[0.9, 0.1, 0]]));
    expect(await m.readResult()).toBe(1);
  });

  it('labels and predictions of different shapes raise a ShapeError (from shapes, no read)', () => {
    expect(() => new BinaryAccuracy().updateState(tensor2d([[1, 0]]), tensor2d([[1], [0]]))).toThrow(ShapeError);
    expect(() => new Precision().updateState(tensor1d([1, 0, 1]), tensor1d([0.5, 0.2]))).toThrow(
      /Invalid `yTrue` for Precision: expected the shape of `yPred` \[2\].*received \[3\]/,
    );
    expect(() => new AUC().updateState(tensor1d([1, 0]), tensor2d([[0.5, 0.2]]))).toThrow(ShapeError);
    expect(() => new SparseCategoricalAccuracy().updateState(tensor1d([1, 0, 1]), tensor2d([[0.5, 0.5]]))).toThrow(ShapeError);
    expect(() => new F1Score().updateState(tensor1d([1, 0]), tensor1d([1, 0]))).toThrow(ShapeError);
    expect(() => new Mean().updateState(tensor2d([[1, 2]]), tensor1d([1, 2, 3]))).toThrow(/Invalid `sampleWeight`/);
    expect(reads).toBe(0);
  });

  it('a non-finite threshold raises a ConfigError', () => {
    expect(() => new BinaryAccuracy({ threshold: Number.NaN })).toThrow('Invalid `threshold` for BinaryAccuracy: expected a finite number, received NaN.');
    expect(() => new Precision({ thresholds: [0.5, Infinity] })).toThrow(ConfigError);
    expect(() => new Recall({ thresholds: 1.5 })).toThrow(ConfigError);
    expect(() => new AUC({ thresholds: [Number.NaN] })).toThrow(ConfigError);
    expect(() => new AUC({ numThresholds: 1 })).toThrow(ConfigError);
    expect(() => new F1Score({ threshold: -Infinity })).toThrow(ConfigError);
    expect(() => new SparseTopKCategoricalAccuracy({ k: 0 })).toThrow(ConfigError);
  });
});

class CountPositives extends Metric {
  static override readonly className = 'CountPositives';
  private readonly count = this.addWeight('count');
  constructor(args: MetricArgs = {}) {
    super(args, 'count_positives');
  }
  updateState(yTrue: Tensor): void {
    tidy(() => this.count.assign(add(this.count, sum(cast(greater(yTrue, 0), 'float32')))));
  }
  result(): Tensor {
    return this.count.clone();
  }
}

describe('registry and accuracy resolution', () => {
  it("resolves 'accuracy' from the loss, as Keras and tfjs do, else from shapes", () => {
    expect(resolveAccuracy({ loss: 'binary_crossentropy' })).toBeInstanceOf(BinaryAccuracy);
    expect(resolveAccuracy({ loss: 'sparseCategoricalCrossentropy' })).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(get('accuracy', { loss: 'categorical_crossentropy' })).toBeInstanceOf(CategoricalAccuracy);
    expect(get('acc', { loss: 'mse', yTrueShape: [null, 1], yPredShape: [null, 1] })).toBeInstanceOf(BinaryAccuracy);
    expect(resolveAccuracy({ yTrueShape: [null], yPredShape: [null, 10] })).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(resolveAccuracy({ yTrueShape: [null, 10], yPredShape: [null, 10] })).toBeInstanceOf(CategoricalAccuracy);
    expect(resolveAccuracy({ loss: 'binaryCrossentropy' }).name).toBe('accuracy');
    expect(() => resolveAccuracy({ loss: 'mse' })).toThrow(ConfigError);
  });

  it('names, snake_case aliases, losses as metrics, serialization and registerMetric', async () => {
    expect(get('sparse_top_k_categorical_accuracy')).toBeInstanceOf(SparseTopKCategoricalAccuracy);
    expect(get('auc')).toBeInstanceOf(AUC);
    const bce = get('binary_crossentropy');
    expect(bce).toBeInstanceOf(MeanMetricWrapper);
    expect(bce.name).toBe('binary_crossentropy');
    const back = deserialize(JSON.parse(JSON.stringify(serialize(new AUC({ curve: 'PR', numThresholds: 50 })))));
    expect(back.getConfig()).toMatchObject({ curve: 'PR', numThresholds: 50 });
    expect(deserialize(serialize(bce)).name).toBe('binary_crossentropy');
    registerMetric(CountPositives, { aliases: ['count_positives'] });
    const m = get('count_positives');
    m.updateState(tensor1d([1, 0, 2]));
    expect(await m.readResult()).toBe(2);
    expect(() => registerMetric(CountPositives, { aliases: ['auc'] })).toThrow(ConfigError);
    expect(() => get('nope')).toThrow(/Unknown metric "nope"/);
  });

  it('readScalar of result() works as well (result is a tensor)', async () => {
    const m = new Mean();
    m.updateState(tensor1d([1, 3, 5, 7]));
    expect(await readScalar(m.result())).toBe(4);
  });
});

describe('counts known on the host', () => {
  it('Mean and MeanMetricWrapper add unweighted counts without a kernel call; results, weights and resets match the weighted path', async () => {
    const kernels = (f: () => void) => {
      const names: string[] = [];
      const e = engine() as unknown as { runKernel: (name: string, ...rest: unknown[]) => unknown };
      const run = e.runKernel;
      e.runKernel = function (name: string, ...rest: unknown[]) { names.push(name); return run.call(this, name, ...rest); };
      try { f(); } finally { e.runKernel = run; }
      return names;
    };
    const plain = new Mean();
    const weighted = new Mean();
    const byNumber = new Mean();
    const batches = [tensor1d([1, 3, 5, 7]), tensor1d([2, 4])];
    for (const b of batches) {
      // The batch's values are held (their data shared) and added up when the state is read.
      expect(kernels(() => plain.updateState(b))).toEqual([]);
      weighted.updateState(b, tensor1d(Array.from({ length: b.size }, () => 1)));
      byNumber.updateState(b, 2);
    }
    const want = Math.fround(22 / 6); // float32 state
    expect(await plain.readResult()).toBe(want);
    expect(await weighted.readResult()).toBe(want);
    expect(await byNumber.readResult()).toBe(want);
    expect(plain.weights.map((w) => w.dataSync()[0])).toEqual([22, 6]);
    expect(byNumber.weights.map((w) => w.dataSync()[0])).toEqual([44, 12]);
    // A loss tracker's scalar with the batch size as a number: no kernel per batch either.
    const tracker = new Mean();
    expect(kernels(() => tracker.updateState(scalar(0.5), 16))).toEqual([]);
    expect(await tracker.readResult()).toBe(0.5);
    plain.updateState(tensor1d([100]));
    plain.resetState();
    plain.updateState(tensor1d([1]));
    expect(await plain.readResult()).toBe(1);
    const mae = new MeanMetricWrapper((t: Tensor, p: Tensor) => sum(add(t, p), -1));
    mae.updateState(tensor2d([[1], [2]]), tensor2d([[0], [0]]));
    mae.updateState(tensor2d([[3]]), tensor2d([[0]]));
    expect(await mae.readResult()).toBe(2);
    for (const m of [plain, weighted, byNumber, tracker, mae]) m.dispose();
  });

  it('holds at most 32 batches of values, frees them on reading, reset and dispose, and keeps them when the caller disposes its tensors', async () => {
    const before = engine().memory().numTensors;
    const m = new Mean();
    const state = engine().memory().numTensors - before; // total and count
    const live = () => engine().memory().numTensors - before - state;
    // Batches of 2 with weight 3, then of 1: held, then added up in one group per shape and weight.
    let want = 0;
    let n = 0;
    for (let i = 0; i < 31; i++) {
      const values = tensor1d([i, i + 0.5]);
      m.updateState(values, 3);
      values.dispose(); // the metric keeps its own reference to the data
      want += 3 * (2 * i + 0.5);
      n += 6;
    }
    expect(live()).toBe(31);
    const last = scalar(7);
    m.updateState(last);
    last.dispose();
    want += 7;
    n += 1;
    // The 32nd held value adds them all up at once.
    expect(live()).toBe(0);
    m.updateState(tensor1d([1, 2]));
    want += 3;
    n += 2;
    expect(live()).toBe(2); // the value and the caller's tensor
    expect(await m.readResult()).toBeCloseTo(want / n, 5);
    expect(live()).toBe(1); // the caller's tensor only
    tidy(() => m.updateState(tensor1d([5])));
    m.resetState();
    expect(live()).toBe(1);
    expect(await m.readResult()).toBe(0);
    tidy(() => m.updateState(tensor1d([5])));
    m.dispose();
    expect(live()).toBe(1 - state);
  });
});
