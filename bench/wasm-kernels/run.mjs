// Benchmarks the wasm training kernels of @dl/backend-wasm against the cpu
// backend and against the original tfjs-backend-wasm 4.22.0 kernels (where one
// exists): matMul plain vs transposed, Conv2DBackpropFilter/Input on the
// shapes of the book's MNIST convnet, and one dense training step.
// Prints a table and writes results.json next to this file. Needs the
// packages built (pnpm --filter @dl/backend-wasm... build).
//
//   node bench/wasm-kernels/run.mjs
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const dl = await import(here('../../packages/tensor/dist/index.js'));
await import(here('../../packages/backend-wasm/dist/register.js'));
// The same module instance @dl/backend-wasm loads: import it first to keep the original kernels.
const require = createRequire(here('../../packages/backend-wasm/package.json'));
await import(require.resolve('@tensorflow/tfjs-backend-wasm'));
const ORIGINAL_NAMES = ['BatchMatMul', '_FusedMatMul', 'Conv2DBackpropInput', 'MaxPoolGrad'];
const originals = Object.fromEntries(ORIGINAL_NAMES.map((n) => [n, dl.getKernel(n, 'wasm')]));
await dl.setBackend('wasm'); // installs dl's kernels
const ours = Object.fromEntries(ORIGINAL_NAMES.map((n) => [n, dl.getKernel(n, 'wasm')]));

/** Median milliseconds of `fn` after `warmup` runs, repeated until ~minMs of work or maxReps. */
function time(fn, { minMs = 400, maxReps = 30, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  const start = performance.now();
  while (samples.length < maxReps && (samples.length < Math.min(3, maxReps) || performance.now() - start < minMs)) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Runs `kernel` (a registered KernelConfig) directly on engine tensors, freeing its output. */
function direct(kernel, inputs, attrs) {
  const backend = dl.engine().backend;
  return () => {
    const out = kernel.kernelFunc({ inputs, backend, attrs });
    backend.disposeData(out.dataId);
  };
}

/** Swaps which kernels are registered for wasm (the originals or dl's). */
function useKernels(set) {
  for (const n of ORIGINAL_NAMES) {
    dl.unregisterKernel(n, 'wasm');
    dl.registerKernel(set[n]);
  }
}

const rows = [];
function record(group, shape, path, ms, flops) {
  rows.push({ group, shape, path, ms: +ms.toFixed(3), gflops: flops ? +(flops / ms / 1e6).toFixed(2) : null });
}
const rand = (shape, seed) => dl.randomUniform(shape, -1, 1, 'float32', seed);

/** The cpu backend is only a reference: a few runs (one for its very slow Conv2DBackpropFilter). */
const CPU_TIMING = { minMs: 0, maxReps: 3, warmup: 1 };
const CPU_SLOW_TIMING = { minMs: 0, maxReps: 1, warmup: 0 };

async function onBackends(group, shape, flops, makeArgs, variants) {
  for (const [path, backend, run] of variants) {
    await dl.setBackend(backend);
    const args = makeArgs();
    const options = backend !== 'cpu' ? {} : group === 'Conv2DBackpropFilter' ? CPU_SLOW_TIMING : CPU_TIMING;
    record(group, shape, path, time(() => run(args), options), flops);
    dl.dispose(Object.values(args));
  }
}

// 1. matMul: plain vs transposeA vs transposeB.
for (const [m, k, n, label] of [[512, 512, 512, 'square'], [784, 128, 512, 'dense dW = xT.dy, x[128,784] dy[128,512]'], [128, 512, 784, 'dense dx = dy.WT, dy[128,512] W[784,512]']]) {
  const shape = label === 'square' ? `[${m}x${k}]·[${k}x${n}]` : label;
  const flops = 2 * m * k * n;
  const make = (tA, tB) => () => ({ a: rand(tA ? [k, m] : [m, k], 1), b: rand(tB ? [n, k] : [k, n], 2) });
  for (const [tA, tB, name] of [[false, false, 'plain'], [true, false, 'transposeA'], [false, true, 'transposeB'], [true, true, 'transposeA+B']]) {
    if (label !== 'square' && (tA || tB) !== (name !== 'plain') ) continue;
    if (label.startsWith('dense dW') && name !== 'transposeA' && name !== 'plain') continue;
    if (label.startsWith('dense dx') && name !== 'transposeB' && name !== 'plain') continue;
    const attrs = { transposeA: tA, transposeB: tB };
    await onBackends(`matMul ${name}`, shape, flops, make(tA, tB), [
      ['dl wasm', 'wasm', ({ a, b }) => dl.matMul(a, b, tA, tB).dispose()],
      ['tfjs-backend-wasm original', 'wasm', ({ a, b }) => direct(originals.BatchMatMul, { a, b }, attrs)()],
      ['cpu', 'cpu', ({ a, b }) => dl.matMul(a, b, tA, tB).dispose()],
    ]);
  }
}

// 2. Conv2D backprop on the MNIST convnet's shapes (batch 64).
for (const [xs, fs] of [[[64, 28, 28, 1], [3, 3, 1, 32]], [[64, 13, 13, 32], [3, 3, 32, 64]]]) {
  const ys = [xs[0], xs[1] - 2, xs[2] - 2, fs[3]];
  const shape = `x[${xs}] f[${fs}] dy[${ys}]`;
  const flops = 2 * ys[0] * ys[1] * ys[2] * fs[0] * fs[1] * fs[2] * fs[3];
  const make = () => ({ x: rand(xs, 3), f: rand(fs, 4), dy: rand(ys, 5) });
  const filterAttrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: fs };
  const inputAttrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: xs };
  const runFilter = ({ x, dy }) => dl.engine().runKernel('Conv2DBackpropFilter', { x, dy }, filterAttrs).dispose();
  const runInput = ({ dy, f }) => dl.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, inputAttrs).dispose();
  await onBackends('Conv2DBackpropFilter', shape, flops, make, [
    ['dl wasm', 'wasm', runFilter], ['cpu', 'cpu', runFilter],
  ]);
  await onBackends('Conv2DBackpropInput', shape, flops, make, [
    ['dl wasm', 'wasm', runInput],
    ['tfjs-backend-wasm original', 'wasm', ({ dy, f }) => direct(originals.Conv2DBackpropInput, { dy, filter: f }, inputAttrs)()],
    ['cpu', 'cpu', runInput],
  ]);
  await onBackends('conv2d forward (reference)', shape, flops, make, [
    ['wasm (XNNPACK)', 'wasm', ({ x, f }) => dl.conv2d(x, f, 1, 'valid').dispose()],
  ]);
}

// 3. One SGD step of the book's MNIST dense model (784-512-10, batch 128), whole step.
{
  const step = (vars, x, y, opt) => () => opt.minimize(() => {
    const h = dl.relu(dl.add(dl.matMul(x, vars.w1), vars.b1));
    return dl.losses.softmaxCrossEntropy(y, dl.add(dl.matMul(h, vars.w2), vars.b2));
  }, false);
  for (const [path, backend, kernels] of [['dl wasm', 'wasm', ours], ['tfjs-backend-wasm original', 'wasm', originals], ['cpu', 'cpu', null]]) {
    await dl.setBackend(backend);
    if (kernels) useKernels(kernels);
    const vars = { w1: dl.variable(rand([784, 512], 6)), b1: dl.variable(dl.zeros([512])), w2: dl.variable(rand([512, 10], 7)), b2: dl.variable(dl.zeros([10])) };
    const x = rand([128, 784], 8);
    const y = dl.oneHot(dl.randomUniformInt([128], 0, 10, 9), 10);
    const opt = dl.train.sgd(0.01);
    record('dense MNIST train step', 'batch 128, 784-512-10', path, time(step(vars, x, y, opt), backend === 'cpu' ? CPU_TIMING : { warmup: 10, minMs: 1000 }), 0);
    dl.dispose([...Object.values(vars), x, y]);
    opt.dispose();
    if (kernels) useKernels(ours);
  }
}

// 4. One SGD step of the book's first MNIST convnet (batch 64), wasm only: tfjs-backend-wasm
// alone cannot run it (no Conv2DBackpropFilter), and the cpu backend takes ~30 s per step.
{
  await dl.setBackend('wasm');
  const v = {
    c1: dl.variable(rand([3, 3, 1, 32], 10)), c2: dl.variable(rand([3, 3, 32, 64], 11)), c3: dl.variable(rand([3, 3, 64, 128], 12)),
    d: dl.variable(dl.mul(rand([1152, 10], 13), 0.05)), b: dl.variable(dl.zeros([10])),
  };
  const x = dl.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 14);
  const y = dl.oneHot(dl.randomUniformInt([64], 0, 10, 15), 10);
  const opt = dl.train.sgd(0.01);
  const step = () => opt.minimize(() => {
    let h = dl.maxPool(dl.relu(dl.conv2d(x, v.c1, 1, 'valid')), 2, 2, 'valid');
    h = dl.maxPool(dl.relu(dl.conv2d(h, v.c2, 1, 'valid')), 2, 2, 'valid');
    h = dl.relu(dl.conv2d(h, v.c3, 1, 'valid'));
    return dl.losses.softmaxCrossEntropy(y, dl.add(dl.matMul(dl.reshape(h, [64, 1152]), v.d), v.b));
  }, false);
  record('MNIST convnet train step', 'batch 64, conv32-pool-conv64-pool-conv128-dense10', 'dl wasm', time(step, { warmup: 5, minMs: 1500 }), 0);
  dl.dispose([...Object.values(v), x, y]);
  opt.dispose();
}

// Table and JSON.
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('group', 28)}${pad('shape', 58)}${pad('path', 30)}${pad('ms', 10)}GFLOPS`);
for (const r of rows) console.log(`${pad(r.group, 28)}${pad(r.shape, 58)}${pad(r.path, 30)}${pad(r.ms, 10)}${r.gflops ?? ''}`);
const meta = {
  date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length,
  wasmSimd: await dl.env().getAsync('WASM_HAS_SIMD_SUPPORT'), wasmThreads: false,
};
writeFileSync(here('./results.json'), JSON.stringify({ meta, rows }, null, 2) + '\n');
console.log(`\nwrote ${here('./results.json')}`);
