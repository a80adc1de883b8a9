// One contender training one model on one backend, in its own process (run.mjs
// starts it): builds the model, makes the synthetic data, runs the warm-up
// batches (not timed), then a timed `fit` of several epochs, and prints one
// JSON line: per-epoch wall and CPU seconds, live tensors before and after each epoch, peak
// RSS. Contenders: `dl` (@dl/models over @dl/tensor), `tfjs-layers` (the
// official @tensorflow/tfjs 4.22 with its own backends) and `tfjs-layers+dl-wasm`
// (tfjs-layers on dl's wasm kernels: separates the kernels from the library).
//
//   node bench/models/worker.mjs '{"contender":"dl","backend":"wasm","model":"mnist_mlp","batches":10,"epochs":2,"warmup":3}'
import { performance } from 'node:perf_hooks';
import { MODELS } from './models.mjs';

const job = JSON.parse(process.argv[2]);
const spec = MODELS[job.model];
const extra = {};

/** Prints the result line (run.mjs reads the last line starting with `{`) and exits. */
function done(result) {
  const rss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ ...job, peakRssBytes: rss, ...extra, ...result })}\n`);
  process.exit(0);
}

/** mulberry32: the same synthetic data for every contender. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Synthetic inputs and targets of the model's real shapes, as flat Float32Arrays. */
function makeData(n, seed) {
  const r = rng(seed);
  const xSize = spec.input.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * xSize);
  if (spec.data === 'multiHot') {
    for (let i = 0; i < n; i++) for (let k = 0; k < 120; k++) x[i * xSize + Math.floor(r() * xSize)] = 1;
  } else if (spec.data === 'tokens') {
    for (let i = 0; i < x.length; i++) x[i] = Math.floor(r() * spec.vocab);
  } else if (spec.data === 'normal') {
    for (let i = 0; i < x.length; i++) x[i] = (r() + r() + r() - 1.5) * 2;
  } else {
    for (let i = 0; i < x.length; i++) x[i] = r();
  }
  const yWidth = spec.classes ?? 1;
  const y = new Float32Array(n * yWidth);
  for (let i = 0; i < n; i++) {
    if (spec.classes) y[i * yWidth + Math.floor(r() * spec.classes)] = 1;
    else if (spec.loss === 'mse') y[i] = 10 + 20 * r();
    else y[i] = r() < 0.5 ? 0 : 1;
  }
  return { x, y, xShape: [n, ...spec.input], yShape: [n, yWidth] };
}

async function runDl() {
  const dl = await import('@dl/tensor');
  if (job.backend === 'wasm') await import('@dl/backend-wasm/register');
  if (job.backend === 'node-gpu') await import('@dl/backend-node-gpu/register');
  try {
    await dl.setBackend(job.backend);
  } catch (e) {
    return done({ status: 'unavailable', reason: `backend ${job.backend}: ${String(e.message ?? e).split('\n')[0]}` });
  }
  const info = dl.backend().adapterInfo;
  if (info) extra.adapter = `${info.vendor} ${info.architecture}`;
  const layers = await import('@dl/layers');
  const { Sequential } = await import('@dl/models');
  const { LambdaCallback } = await import('@dl/callbacks');
  const missing = spec.layers.filter((name) => typeof layers[name] !== 'function');
  if (missing.length > 0) return done({ status: 'unavailable', reason: `not yet available in @dl/layers: ${missing.join(', ')}` });
  dl.setSeed(1);
  const model = new Sequential([layers.Input({ shape: spec.input }), ...spec.build(layers, 'dl')]);
  model.compile({ optimizer: spec.optimizer, loss: spec.loss, metrics: spec.metrics });
  return train(dl, model, (d) => [dl.tensor(d.x, d.xShape), dl.tensor(d.y, d.yShape)], (hooks) => [new LambdaCallback(hooks)]);
}

async function runTfjs() {
  const tf = await import('@tensorflow/tfjs');
  if (job.contender === 'tfjs-layers+dl-wasm') await import('@dl/backend-wasm/register');
  else if (job.backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  try {
    if (job.backend === 'node-gpu') throw new Error('tfjs-layers has no Node GPU backend without tfjs-node-gpu');
    // dl's setBackend installs dl's wasm kernels into the engine tfjs-layers shares.
    if (job.contender === 'tfjs-layers+dl-wasm') await (await import('@dl/tensor')).setBackend('wasm');
    else if (!(await tf.setBackend(job.backend))) throw new Error('setBackend returned false');
  } catch (e) {
    return done({ status: 'unavailable', reason: `backend ${job.backend}: ${String(e.message ?? e).split('\n')[0]}` });
  }
  tf.util.seedrandom?.('1');
  const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: spec.input }), ...spec.build(tf.layers, 'tfjs')] });
  const optimizer = spec.optimizer === 'adam' ? tf.train.adam(0.001) : tf.train.rmsprop(0.001, 0.9, 0, 1e-7);
  const loss = { categoricalCrossentropy: 'categoricalCrossentropy', binaryCrossentropy: 'binaryCrossentropy', mse: 'meanSquaredError' }[spec.loss];
  model.compile({ optimizer, loss, metrics: spec.metrics.map((m) => (m === 'mae' ? 'mae' : 'accuracy')) });
  return train(tf, model, (d) => [tf.tensor(d.x, d.xShape), tf.tensor(d.y, d.yShape)], (hooks) => [hooks]);
}

/**
 * With `"kernels": true` in the job (profile.mjs), every kernel of the backend is wrapped to
 * count its calls and its CPU time (for the timed fit only): where the time goes, by kernel.
 */
function timeKernels(lib) {
  const stats = {};
  let on = false;
  for (const config of lib.getKernelsForBackend(lib.getBackend())) {
    const inner = config.kernelFunc;
    const s = (stats[config.kernelName] = { calls: 0, ms: 0 });
    config.kernelFunc = (a) => {
      if (!on) return inner(a);
      const t = process.cpuUsage();
      const out = inner(a);
      const used = process.cpuUsage(t);
      s.ms += (used.user + used.system) / 1000;
      s.calls++;
      return out;
    };
  }
  return { start: () => { on = true; }, stop: () => { on = false; return Object.fromEntries(Object.entries(stats).filter(([, v]) => v.calls > 0)); } };
}

/** Warm-up fit, then the timed fit; one timing and tensor count per epoch. */
async function train(lib, model, toTensors, callbacks) {
  const kernels = job.kernels ? timeKernels(lib) : null;
  // Warm-up as the timed fit runs (epochs of at most `batches`, the same callbacks), so the
  // timed epochs run code V8 has optimized for that configuration: a first fit without
  // callbacks left the next fit's first epoch up to twice as slow (both libraries).
  const warmBatches = Math.min(job.warmup, job.batches);
  const [wx, wy] = toTensors(makeData(warmBatches * spec.batchSize, 7));
  const idle = { onEpochBegin: () => {}, onEpochEnd: () => {} };
  try {
    await model.fit(wx, wy, { epochs: Math.max(1, Math.round(job.warmup / warmBatches)), batchSize: spec.batchSize, verbose: 0, callbacks: callbacks(idle) });
  } catch (e) {
    return done({ status: 'failed', reason: String(e.message ?? e).split('\n')[0] });
  }
  lib.dispose([wx, wy]);
  const [x, y] = toTensors(makeData(job.batches * spec.batchSize, 11));
  const tensorsBefore = lib.memory().numTensors;
  const perEpoch = [];
  let start = 0;
  let cpu = process.cpuUsage();
  const hooks = {
    onEpochBegin: () => { start = performance.now(); cpu = process.cpuUsage(); },
    onEpochEnd: () => {
      const used = process.cpuUsage(cpu);
      perEpoch.push({ seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, tensors: lib.memory().numTensors });
    },
  };
  const from = process.hrtime.bigint();
  kernels?.start();
  await model.fit(x, y, { epochs: job.epochs, batchSize: spec.batchSize, verbose: 0, callbacks: callbacks(hooks) });
  if (kernels) extra.kernels = kernels.stop();
  // The timed fit's span on the monotonic clock in µs (the clock of --cpu-prof's timestamps; profile.mjs uses it).
  extra.timedSpanMicros = [Number(from / 1000n), Number(process.hrtime.bigint() / 1000n)];
  lib.dispose([x, y]);
  done({ status: 'ok', batchSize: spec.batchSize, samplesPerEpoch: job.batches * spec.batchSize, tensorsBefore, perEpoch, tensorsAfter: lib.memory().numTensors });
}

if (job.contender === 'dl') await runDl();
else await runTfjs();
