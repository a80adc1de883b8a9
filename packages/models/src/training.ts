import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import { Callback, CallbackList, History, ProgbarLogger, type CallbackModel, type Logs } from '@dl/callbacks';
import {
  assertNoNaN, classWeights, isDataset, sampleCount, splitAt, takeRows, toList, unpackElement,
  type Batch, type Dataset, type TensorData,
} from './data';
import type { Model } from './model';

/** Verbosity: 0 silent, 1 progress bar, 2 one line per epoch; `'auto'`: 1 in a terminal, 2 when output is not a terminal, 0 in a browser. */
export type Verbose = 0 | 1 | 2 | 'auto';

/** `fit`'s options: Keras' arguments in camelCase. */
export interface FitArgs {
  /** Samples per gradient step. Default 32. */
  batchSize?: number;
  /** Epochs to train (counting from `initialEpoch`). Default 1. */
  epochs?: number;
  /** Default `'auto'`. */
  verbose?: Verbose;
  /** Callbacks: their hooks run around epochs and batches. */
  callbacks?: Callback[];
  /** The last fraction of the samples (taken before shuffling) held out for validation. */
  validationSplit?: number;
  /** Data to validate on at the end of epochs: `[x, y]`, `[x, y, sampleWeight]` or a dataset. */
  validationData?: [TensorData, TensorData] | [TensorData, TensorData, Tensor] | Dataset;
  /** Shuffle the samples each epoch (`setSeed`'s stream). Default true. */
  shuffle?: boolean;
  /** A weight per class index, multiplying each sample's loss. */
  classWeight?: Record<number, number>;
  /** A weight per sample. */
  sampleWeight?: Tensor;
  /** The epoch to start at (to resume a run). Default 0. */
  initialEpoch?: number;
  /** Batches per epoch; required for a dataset that does not end. */
  stepsPerEpoch?: number;
  /** Validate every N epochs, or at the listed epochs (1-based). Default 1. */
  validationFreq?: number | number[];
  /** Batches per validation; for a dataset that does not end. */
  validationSteps?: number;
  /** Check `x` and `y` for NaN before training (one read per array). Default true. */
  checkNaN?: boolean;
  /** Yield to the event loop when this many milliseconds passed since the last yield (keeps a page responsive). Default: 25 in a browser, never in Node. */
  yieldEveryMs?: number;
}

/** `evaluate`'s options. */
export interface EvaluateArgs {
  /** Default 32. */
  batchSize?: number;
  /** Default 0. */
  verbose?: Verbose;
  sampleWeight?: Tensor;
  callbacks?: Callback[];
  /** Batches to evaluate, for a dataset that does not end. */
  steps?: number;
  /** Default true. */
  checkNaN?: boolean;
}

/** `predict`'s options. */
export interface PredictArgs {
  /** Default 32. */
  batchSize?: number;
  /** Default 0. */
  verbose?: Verbose;
  callbacks?: Callback[];
  /** Batches to predict, for a dataset that does not end. */
  steps?: number;
}

const isBrowser = typeof (globalThis as { window?: unknown }).window !== 'undefined';

/** The model as callbacks see it (its `optimizer` is undefined until compile; callbacks check). */
function seen(model: Model): CallbackModel {
  return model as unknown as CallbackModel;
}

function positiveIntArg(value: unknown, arg: string, who: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`Invalid \`${arg}\` for ${who}: expected a positive integer, received ${describeValue(value)}.`);
  }
  return value;
}

function resolveVerbose(v: Verbose | undefined, fallback: Verbose): 0 | 1 | 2 {
  const value = v ?? fallback;
  if (value === 'auto') {
    if (isBrowser) return 0;
    const tty = (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout?.isTTY === true;
    return tty ? 1 : 2;
  }
  if (value !== 0 && value !== 1 && value !== 2) throw new ConfigError(`Invalid \`verbose\`: expected 0, 1, 2 or "auto", received ${describeValue(value)}.`);
  return value;
}

function makeYielder(ms: number | undefined): () => Promise<void> | undefined {
  const every = ms ?? (isBrowser ? 25 : Infinity);
  if (!Number.isFinite(every)) return () => undefined;
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < every) return undefined;
    last = now;
    return new Promise((resolve) => setTimeout(resolve, 0));
  };
}

async function awaitIf(p: void | Promise<void> | undefined): Promise<void> {
  if (p !== undefined) await p;
}

/** Data in memory, batched: x and y as lists in model order. */
interface ArrayData {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | undefined;
  n: number;
}

function arrayData(model: Model, x: TensorData, y: TensorData | undefined, sw: Tensor | undefined, who: string): ArrayData {
  const xs = toList(x, model.inputNames, 'x', who);
  const ys = y === undefined ? [] : toList(y, model.outputNames, 'y', who);
  const lists = [{ name: 'x', tensors: xs }, { name: 'y', tensors: ys }];
  if (sw !== undefined) lists.push({ name: 'sampleWeight', tensors: [sw] });
  return { xs, ys, sw, n: sampleCount(lists, who) };
}

function batchFrom(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): Batch {
  return {
    x: xs.length === 1 ? xs[0]! : xs,
    y: ys.length === 0 ? undefined : ys.length === 1 ? ys[0]! : ys,
    sampleWeight: sw,
  };
}

/** Batches of in-memory data (rows `order`), or of a dataset; each yielded batch is disposed after use. */
async function* batches(model: Model, data: ArrayData | Dataset, batchSize: number, order: Int32Array | null, skip: number, steps: number | null, who: string): AsyncGenerator<Batch> {
  if (!isDataset(data)) {
    const total = Math.ceil(data.n / batchSize);
    for (let b = skip; b < total; b++) {
      const start = b * batchSize;
      const end = Math.min(data.n, start + batchSize);
      const [xs, ys, sw] = dl.tidy(() => {
        const rows = takeRows([...data.xs, ...data.ys, ...(data.sw ? [data.sw] : [])], start, end, order);
        return [rows.slice(0, data.xs.length), rows.slice(data.xs.length, data.xs.length + data.ys.length), data.sw ? rows[rows.length - 1] : undefined] as const;
      });
      try {
        yield batchFrom([...xs], [...ys], sw);
      } finally {
        dl.dispose([...xs, ...ys, ...(sw ? [sw] : [])]);
      }
    }
    return;
  }
  let b = 0;
  const iterable = data as AsyncIterable<unknown> & Iterable<unknown>;
  const iterator = Symbol.asyncIterator in iterable ? iterable[Symbol.asyncIterator]() : (iterable as Iterable<unknown>)[Symbol.iterator]();
  while (steps === null || b < steps) {
    const r = await iterator.next();
    if (r.done === true) break;
    const el = unpackElement(r.value as never, who);
    yield model.batchOf(el.x, el.y, el.sampleWeight);
    b++;
  }
}

function logsWithPrefix(logs: Logs, prefix: string): Logs {
  const out: Logs = {};
  for (const [k, v] of Object.entries(logs)) out[prefix + k] = v;
  return out;
}

function shouldValidate(freq: number | number[], epoch: number): boolean {
  return Array.isArray(freq) ? freq.includes(epoch + 1) : (epoch + 1) % freq === 0;
}

export async function fit(model: Model, x: TensorData | Dataset, y: TensorData | undefined, args: FitArgs): Promise<History> {
  const who = `${model.label}.fit`;
  if (model.compiled === null) throw new ConfigError(`Cannot fit ${model.label}: it is not compiled. Call model.compile({ optimizer, loss }) first.`);
  const batchSize = positiveIntArg(args.batchSize ?? 32, 'batchSize', who);
  const epochs = positiveIntArg(args.epochs ?? 1, 'epochs', who);
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new ConfigError(`Invalid \`initialEpoch\` for ${who}: expected a non-negative integer, received ${describeValue(initialEpoch)}.`);
  const split = args.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) throw new ConfigError(`Invalid \`validationSplit\` for ${who}: expected a number in [0, 1), received ${describeValue(split)}.`);
  const freq = args.validationFreq ?? 1;
  const verbose = resolveVerbose(args.verbose, 'auto');
  const owned: Tensor[] = [];
  let train: ArrayData | Dataset;
  let val: ArrayData | Dataset | null = null;
  if (isDataset(x)) {
    if (split > 0) throw new ConfigError(`Invalid \`validationSplit\` for ${who}: it needs tensors, not a dataset; pass validationData instead.`);
    train = x;
  } else {
    let data = arrayData(model, x, y, args.sampleWeight, who);
    if (args.checkNaN ?? true) {
      await assertNoNaN(data.xs, 'x', who);
      await assertNoNaN(data.ys, 'y', who);
    }
    if (args.classWeight !== undefined && data.ys.length > 0) {
      const cw = classWeights(data.ys[0]!, args.classWeight);
      owned.push(cw);
      data = { ...data, sw: data.sw === undefined ? cw : dl.mul(data.sw, cw) };
      if (data.sw !== cw) owned.push(data.sw!);
    }
    if (split > 0) {
      // Keras holds out the LAST fraction, before any shuffling.
      const at = Math.floor(data.n * (1 - split));
      if (at === 0 || at === data.n) throw new ConfigError(`Invalid \`validationSplit\` for ${who}: ${split} of ${data.n} samples leaves an empty set.`);
      const all = [...data.xs, ...data.ys, ...(data.sw ? [data.sw] : [])];
      const [head, tail] = splitAt(all, at);
      owned.push(...head, ...tail);
      const k = data.xs.length, m = data.ys.length;
      train = { xs: head.slice(0, k), ys: head.slice(k, k + m), sw: data.sw ? head[k + m] : undefined, n: at };
      val = { xs: tail.slice(0, k), ys: tail.slice(k, k + m), sw: data.sw ? tail[k + m] : undefined, n: data.n - at };
    } else {
      train = data;
    }
  }
  if (args.validationData !== undefined) {
    const vd = args.validationData;
    val = isDataset(vd) ? vd : arrayData(model, vd[0], vd[1], vd[2], `${who} (validationData)`);
  }
  const steps = isDataset(train) ? args.stepsPerEpoch ?? null : Math.ceil(train.n / batchSize);
  const history = new History();
  const callbacks: Callback[] = [history, ...(args.callbacks ?? [])];
  if (verbose > 0) callbacks.push(new ProgbarLogger({ verbose: verbose as 1 | 2 }));
  const metricNames = model.metricsNames;
  const list = new CallbackList(callbacks, {
    model: seen(model),
    params: { epochs, steps, verbose, batchSize, metrics: [...metricNames, ...(val ? metricNames.map((n) => `val_${n}`) : [])] },
  });
  const yielder = makeYielder(args.yieldEveryMs);
  const optimizer = model.compiled.optimizer;
  try {
    model.stopTraining = false;
    if (!isDataset(train)) {
      const data = train;
      model.ensureBuilt(() => takeRows(data.xs, 0, 1, null));
    }
    if (model.built && !optimizer.built) optimizer.build(model.trainableWeights.map((w) => w.value));
    await awaitIf(list.onTrainBegin());
    const from = model.resumeFrom ?? { epoch: initialEpoch, batch: 0 };
    model.resumeFrom = undefined;
    let datasetIterator: AsyncGenerator<Batch> | null = null;
    for (let epoch = from.epoch; epoch < epochs && !model.stopTraining; epoch++) {
      const skip = epoch === from.epoch ? from.batch : 0;
      if (skip === 0) model.resetMetrics();
      await awaitIf(list.onEpochBegin(epoch));
      const rs = model.resumeRandomState;
      if (rs !== undefined) dl.setRandomState(rs.epochBegin);
      let order: Int32Array | null = null;
      if (!isDataset(train) && (args.shuffle ?? true)) {
        order = Int32Array.from({ length: train.n }, (_, i) => i);
        dl.shuffle(order);
      }
      if (rs !== undefined) {
        dl.setRandomState(rs.current);
        model.resumeRandomState = undefined;
      }
      let source: AsyncGenerator<Batch>;
      if (isDataset(train) && args.stepsPerEpoch !== undefined) {
        datasetIterator ??= batches(model, train, batchSize, null, 0, null, who);
        source = datasetIterator;
      } else {
        source = batches(model, train, batchSize, order, skip, null, who);
      }
      let b = skip;
      while (steps === null || b < steps) {
        const next = await source.next();
        if (next.done === true) break;
        if (list.hasTrainBatchHooks) await awaitIf(list.onTrainBatchBegin(b));
        if (!optimizer.built) {
          const bx = next.value.x;
          model.ensureBuilt(() => (Array.isArray(bx) ? bx : [bx]));
          optimizer.build(model.trainableWeights.map((w) => w.value));
        }
        model.trainStep(next.value);
        if (list.hasTrainBatchHooks) {
          const logs = list.wantsBatchLogs(b) ? await model.readMetrics() : undefined;
          await awaitIf(list.onTrainBatchEnd(b, logs));
        }
        b++;
        await awaitIf(yielder());
        if (model.stopTraining) break;
      }
      if (source !== datasetIterator) await source.return(undefined);
      const logs = await model.readMetrics();
      if (val !== null && shouldValidate(freq, epoch)) {
        const valLogs = await runTest(model, val, batchSize, args.validationSteps ?? null, new CallbackList([]), yielder, who);
        Object.assign(logs, logsWithPrefix(valLogs, 'val_'));
      }
      await awaitIf(list.onEpochEnd(epoch, logs));
    }
    if (datasetIterator !== null) await datasetIterator.return(undefined);
    await awaitIf(list.onTrainEnd());
  } finally {
    dl.dispose(owned);
  }
  model.history = history;
  return history;
}

async function runTest(model: Model, data: ArrayData | Dataset, batchSize: number, steps: number | null, list: CallbackList, yielder: () => Promise<void> | undefined, who: string): Promise<Logs> {
  model.resetMetrics();
  let b = 0;
  for await (const batch of batches(model, data, batchSize, null, 0, steps, who)) {
    if (list.hasTestBatchHooks) await awaitIf(list.onTestBatchBegin(b));
    model.testStep(batch);
    if (list.hasTestBatchHooks) await awaitIf(list.onTestBatchEnd(b, list.wantsBatchLogs(b) ? await model.readMetrics() : undefined));
    b++;
    await awaitIf(yielder());
  }
  return model.readMetrics();
}

export async function evaluate(model: Model, x: TensorData | Dataset, y: TensorData | undefined, args: EvaluateArgs): Promise<Logs> {
  const who = `${model.label}.evaluate`;
  if (model.compiled === null) throw new ConfigError(`Cannot evaluate ${model.label}: it is not compiled. Call model.compile({ optimizer, loss }) first.`);
  const batchSize = positiveIntArg(args.batchSize ?? 32, 'batchSize', who);
  let data: ArrayData | Dataset;
  if (isDataset(x)) data = x;
  else {
    data = arrayData(model, x, y, args.sampleWeight, who);
    if (args.checkNaN ?? true) {
      await assertNoNaN(data.xs, 'x', who);
      await assertNoNaN(data.ys, 'y', who);
    }
  }
  const verbose = resolveVerbose(args.verbose, 0);
  const callbacks = [...(args.callbacks ?? [])];
  if (verbose > 0) callbacks.push(new ProgbarLogger({ verbose: verbose as 1 | 2 }));
  const steps = isDataset(data) ? args.steps ?? null : Math.ceil(data.n / batchSize);
  const list = new CallbackList(callbacks, { model: seen(model), params: { epochs: 1, steps, verbose } });
  await awaitIf(list.onTestBegin());
  const logs = await runTest(model, data, batchSize, args.steps ?? null, list, makeYielder(undefined), who);
  await awaitIf(list.onTestEnd(logs));
  return logs;
}

export async function predict(model: Model, x: TensorData | Dataset, args: PredictArgs): Promise<Tensor | Tensor[]> {
  const who = `${model.label}.predict`;
  const batchSize = positiveIntArg(args.batchSize ?? 32, 'batchSize', who);
  const data: ArrayData | Dataset = isDataset(x) ? x : arrayData(model, x, undefined, undefined, who);
  const verbose = resolveVerbose(args.verbose, 0);
  const callbacks = [...(args.callbacks ?? [])];
  if (verbose > 0) callbacks.push(new ProgbarLogger({ verbose: verbose as 1 | 2 }));
  const steps = isDataset(data) ? args.steps ?? null : Math.ceil(data.n / batchSize);
  const list = new CallbackList(callbacks, { model: seen(model), params: { epochs: 1, steps, verbose } });
  const yielder = makeYielder(undefined);
  const parts: Tensor[][] = [];
  try {
    await awaitIf(list.onPredictBegin());
    let b = 0;
    for await (const batch of batches(model, data, batchSize, null, 0, args.steps ?? null, who)) {
      if (list.hasPredictBatchHooks) await awaitIf(list.onPredictBatchBegin(b));
      parts.push(dl.tidy(() => model.predictStep(batch)));
      if (list.hasPredictBatchHooks) await awaitIf(list.onPredictBatchEnd(b));
      b++;
      await awaitIf(yielder());
    }
    await awaitIf(list.onPredictEnd());
    const outs = parts[0]!.map((_, o) => (parts.length === 1 ? dl.clone(parts[0]![o]!) : dl.concat(parts.map((p) => p[o]!), 0)));
    return outs.length === 1 ? outs[0]! : outs;
  } finally {
    dl.dispose(parts.flat());
  }
}
