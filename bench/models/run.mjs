// Training speed of the book's models with dl against tfjs-layers 4.22 on the
// same backend (and PyTorch on the CPU when python3 can import torch), the
// machine's matmul limit on each backend, and the browser bundle sizes.
// Every contender runs in its own child process, one at a time (never two at
// once), `--repeats` times, interleaved; the figures are medians over the repeats. Writes
// results.json next to this file and bench/results.md (`--render` rewrites
// bench/results.md from results.json alone). Needs the packages built (`pnpm
// bench` builds them first).
//
//   node bench/models/run.mjs [--quick] [--models=mnist_mlp,imdb_dense] [--backends=wasm,cpu,node-gpu]
//                             [--repeats=3] [--no-torch] [--no-matmul] [--no-bundle] [--software-gpu] [--merge] [--render]
//
// node-gpu runs only on a hardware adapter (a software one, lavapipe, is a CPU emulation that
// competes for the same cores) unless --software-gpu. PyTorch's BLAS: Debian's python3-torch
// links the reference BLAS through the libblas.so.3 alternative, ~15x slower than OpenBLAS;
// $TORCH_BLAS_DIR (or an installed /usr/lib/x86_64-linux-gnu/openblas-pthread) is put on the
// torch children's LD_LIBRARY_PATH, e.g. from `apt-get download libopenblas0-pthread && dpkg -x`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { MODELS } from './models.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? true];
}));
if (args.render === true) {
  const saved = JSON.parse(readFileSync(here('./results.json'), 'utf8'));
  writeFileSync(here('../results.md'), renderMarkdown(saved));
  console.log(`wrote ${here('../results.md')}`);
  process.exit(0);
}
const quick = args.quick === true;
const repeats = Number(args.repeats ?? (quick ? 1 : 3));
const modelNames = args.models === 'none' ? [] : args.models ? args.models.split(',') : Object.keys(MODELS);
let backends = args.backends ? args.backends.split(',') : ['wasm', 'cpu', 'node-gpu'];

// Batches per epoch (2 timed epochs after `warmup` untimed batches), per model and backend:
// enough work for steady figures without hours on the slow paths. null: skipped in this mode.
const PLAN = {
  full: {
    mnist_mlp: { wasm: 40, cpu: 8, 'node-gpu': 40, warmup: 3 },
    imdb_dense: { wasm: 8, cpu: 4, 'node-gpu': 8, warmup: 2 },
    // Small steps: warm up until V8 has optimized the JS. A function run once per step takes
    // thousands of steps to reach V8's optimizing tier: dl's step took 0.5-0.6 ms after 1000
    // batches and 0.25-0.3 after 4000; tfjs-layers' stayed at 1.3-1.5 (bench/README.md).
    boston_mlp: { wasm: 100, cpu: 100, 'node-gpu': 100, warmup: 4000 },
    mnist_convnet: { wasm: 10, cpu: 1, 'node-gpu': 10, warmup: 1 },
    imdb_bilstm: { wasm: 2, cpu: 1, 'node-gpu': 2, warmup: 1 },
  },
  quick: {
    mnist_mlp: { wasm: 6, cpu: 2, 'node-gpu': 6, warmup: 2 },
    imdb_dense: { wasm: 2, cpu: 1, 'node-gpu': 2, warmup: 1 },
    boston_mlp: { wasm: 26, cpu: 26, 'node-gpu': 26, warmup: 300 },
    mnist_convnet: { wasm: 2, cpu: null, 'node-gpu': 2, warmup: 1 },
    imdb_bilstm: { wasm: 1, cpu: null, 'node-gpu': 1, warmup: 1 },
  },
}[quick ? 'quick' : 'full'];
const EPOCHS = 2;

/** Runs one child to completion (sequentially) and returns its last JSON line. */
function child(cmd, argv, label, env = {}) {
  process.stdout.write(`  ${label} ... `);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 26, cwd: here('../..'), env: { ...process.env, ...env }, timeout: 20 * 60 * 1000 });
  const line = (r.stdout ?? '').split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) {
    const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').filter(Boolean).slice(-3).join(' | ');
    console.log(`crashed: ${why}`);
    return { status: 'failed', reason: why.slice(0, 300) };
  }
  const out = JSON.parse(line);
  const ms = out.perEpoch ? out.perEpoch.map((e) => ((e.seconds * 1000) / (out.samplesPerEpoch / out.batchSize)).toFixed(1)).join(', ') + ' ms/batch' : '';
  console.log(out.status === 'ok' ? (ms || 'ok') : `${out.status}: ${out.reason}`);
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median figures over repeats: each repeat's mean over its timed epochs. */
function summarize(runs) {
  const ok = runs.filter((r) => r.status === 'ok');
  if (ok.length === 0) return { status: runs[0].status, reason: runs[0].reason };
  const per = (r, key) => r.perEpoch.reduce((n, e) => n + e[key], 0) / r.perEpoch.length;
  const batches = ok[0].samplesPerEpoch / ok[0].batchSize;
  const wall = median(ok.map((r) => per(r, 'seconds')));
  const cpu = median(ok.map((r) => per(r, 'cpuSeconds')));
  const last = ok[ok.length - 1];
  const counts = last.perEpoch.map((e) => e.tensors);
  return {
    status: 'ok', repeats: ok.length, batchesPerEpoch: batches, batchSize: ok[0].batchSize,
    samplesPerSecond: ok[0].samplesPerEpoch / wall, msPerBatch: (wall * 1000) / batches,
    cpuMsPerBatch: (cpu * 1000) / batches, samplesPerCpuSecond: ok[0].samplesPerEpoch / cpu,
    peakRssMB: median(ok.map((r) => r.peakRssBytes)) / 2 ** 20,
    tensorsBefore: last.tensorsBefore, tensorsPerEpoch: counts, tensorsAfter: last.tensorsAfter,
    growthAcrossEpochs: counts[0] === null ? null : counts[counts.length - 1] - counts[0],
    wallSpread: [Math.min(...ok.map((r) => per(r, 'seconds'))), Math.max(...ok.map((r) => per(r, 'seconds')))].map((s) => (s * 1000) / batches),
  };
}

// The first Python that can import torch ($PYTHON, then python3 on PATH, then the system one, where apt installs python3-torch).
const python = args['no-torch'] === true ? undefined
  : [process.env.PYTHON, 'python3', '/usr/bin/python3'].find((p) => p && spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0);
const hasTorch = python !== undefined;
const blasDir = [process.env.TORCH_BLAS_DIR, '/usr/lib/x86_64-linux-gnu/openblas-pthread'].find((d) => d && existsSync(`${d}/libblas.so.3`));
const torchEnv = (threads) => (blasDir ? { LD_LIBRARY_PATH: blasDir, OPENBLAS_NUM_THREADS: String(threads) } : {});
let gpu = null;
if (backends.includes('node-gpu')) {
  gpu = child(process.execPath, [here('./probe-gpu.mjs')], 'node-gpu adapter');
  if (gpu.status === 'ok' && gpu.software && args['software-gpu'] !== true) backends = backends.filter((b) => b !== 'node-gpu');
}
const meta = {
  date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length,
  memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1), loadAverageAtStart: os.loadavg().map((l) => +l.toFixed(2)),
  mode: quick ? 'quick' : 'full', repeats, epochsTimed: EPOCHS, backends,
  gpu, torchBlas: hasTorch ? (blasDir === undefined ? 'the system libblas.so.3' : blasDir === process.env.TORCH_BLAS_DIR ? 'OpenBLAS from $TORCH_BLAS_DIR' : 'the system OpenBLAS') : null,
  torch: hasTorch ? spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).stdout.trim() : null,
};
console.log(`load average ${meta.loadAverageAtStart.join(' ')} on ${meta.cores} cores${meta.loadAverageAtStart[0] > meta.cores ? ' (busy: figures are not final)' : ''}`);

// 1. Training.
const training = [];
for (const model of modelNames) {
  if (!MODELS[model]) throw new Error(`unknown model ${model}; the models are ${Object.keys(MODELS).join(', ')}`);
  const plan = PLAN[model];
  const contenders = [
    ...backends.flatMap((backend) => ['dl', 'tfjs-layers', ...(backend === 'wasm' ? ['tfjs-layers+dl-wasm'] : [])].map((contender) => ({ contender, backend }))),
    ...(hasTorch ? [1, 2].map((threads) => ({ contender: `pytorch ${threads}t`, backend: 'cpu (PyTorch)', threads })) : []),
  ];
  console.log(`${model}:`);
  // Repeats are interleaved (every contender once, then again), so a change in the machine's
  // load during the run weighs on every contender alike instead of on one.
  const planned = contenders.map((c) => {
    const batches = c.threads ? plan.cpu ?? plan.wasm : plan[c.backend];
    return { c, batches, runs: [] };
  });
  for (let i = 0; i < repeats; i++) {
    for (const p of planned) {
      const { c, batches, runs } = p;
      if (batches === null || runs.some((r) => r.status !== 'ok')) continue;
      const job = { model, batches, epochs: EPOCHS, warmup: plan.warmup };
      const label = `${c.contender} on ${c.backend} #${i + 1}`;
      runs.push(c.threads
        ? child(python, [here('./torch_worker.py'), JSON.stringify({ ...job, threads: c.threads })], label, torchEnv(c.threads))
        : child(process.execPath, [here('./worker.mjs'), JSON.stringify({ ...job, contender: c.contender, backend: c.backend })], label));
    }
  }
  for (const { c, batches, runs } of planned) {
    if (batches === null) training.push({ model, ...c, status: 'skipped', reason: `skipped in ${quick ? 'quick' : 'full'} mode` });
    else training.push({ model, contender: c.contender, backend: c.backend, adapter: runs[0].adapter, ...summarize(runs) });
  }
}

// 2. The machine's matmul limit on each backend.
const matmul = [];
if (args['no-matmul'] !== true) {
  console.log('matmul GFLOPS:');
  const sizes = quick ? [512] : [256, 512, 1024];
  for (const backend of backends) {
    const jobs = [{ backend, path: `dl ${backend}`, sizes: backend === 'cpu' ? [256, 512] : sizes }];
    if (backend === 'wasm') jobs.push({ backend, path: 'tfjs-backend-wasm 4.22', stock: true, sizes });
    for (const job of jobs) matmul.push({ path: job.path, ...child(process.execPath, [here('./matmul.mjs'), JSON.stringify(job)], job.path) });
  }
  if (hasTorch) {
    for (const threads of [1, 2]) matmul.push({ path: `pytorch ${threads}t`, ...child(python, [here('./torch_worker.py'), JSON.stringify({ threads, sizes })], `pytorch ${threads}t`, torchEnv(threads)) });
  }
}

// 3. Bundle sizes.
const bundle = args['no-bundle'] === true ? null : child(process.execPath, [here('../bundle/size.mjs')], 'bundle sizes');

// --merge: keep the saved rows (model, backend, contender) and matmul / bundle parts not run this time.
let results = { meta, training, matmul, bundle };
if (args.merge === true && existsSync(here('./results.json'))) {
  const saved = JSON.parse(readFileSync(here('./results.json'), 'utf8'));
  const order = Object.keys(MODELS);
  results = {
    // An earlier re-run whose every model and backend this run measured again says nothing any more.
    meta: { ...saved.meta, merged: [...(saved.meta.merged ?? []).filter((m) => !m.models.every((x) => modelNames.includes(x)) || !m.backends.every((b) => backends.includes(b))), { date: meta.date, models: modelNames, backends, loadAverageAtStart: meta.loadAverageAtStart }] },
    training: [...saved.training.filter((t) => !training.some((n) => n.model === t.model && n.backend === t.backend && n.contender === t.contender)), ...training].sort((a, b) => order.indexOf(a.model) - order.indexOf(b.model)),
    matmul: matmul.length ? matmul : saved.matmul,
    bundle: bundle ?? saved.bundle,
  };
}
writeFileSync(here('./results.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(here('../results.md'), renderMarkdown(results));
console.log(`\nwrote ${here('./results.json')} and ${here('../results.md')}`);

/** The results as a Markdown report (bench/results.md). */
function renderMarkdown({ meta, training: rows, matmul, bundle }) {
  const quick = meta.mode === 'quick';
  // Rows by model, then backend, then contender, whatever order --merge left them in.
  const rank = (list, x) => (list.indexOf(x) + list.length + 1) % (list.length + 1);
  const BACKENDS = ['wasm', 'cpu', 'node-gpu', 'cpu (PyTorch)'];
  const CONTENDERS = ['dl', 'tfjs-layers', 'tfjs-layers+dl-wasm', 'pytorch 1t', 'pytorch 2t'];
  const MODEL_ORDER = Object.keys(MODELS);
  const training = [...rows].sort((a, b) => rank(MODEL_ORDER, a.model) - rank(MODEL_ORDER, b.model)
    || rank(BACKENDS, a.backend) - rank(BACKENDS, b.backend) || rank(CONTENDERS, a.contender) - rank(CONTENDERS, b.contender));
  const backends = meta.backends;
  const f = (x, d = 1) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
  const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
  const lines = [];
  lines.push('# dl against tfjs-layers 4.22 and PyTorch: training speed', '');
  lines.push(`Taken ${meta.date.slice(0, 16).replace('T', ' ')} UTC by \`pnpm bench${quick ? ' --quick' : ''}\` ([models/run.mjs](models/run.mjs), figures in [models/results.json](models/results.json)): ${meta.cpu}, ${meta.cores} cores, ${meta.memoryGB} GB, Node ${meta.node}${meta.torch ? `, PyTorch ${meta.torch} on ${meta.torchBlas}` : ''}. ` +
    `Node GPU: ${meta.gpu === null ? 'not asked for' : meta.gpu.status === 'ok' ? `${meta.gpu.adapter}${meta.gpu.software && !backends.includes('node-gpu') ? ' (a software adapter: skipped; --software-gpu runs it)' : ''}` : meta.gpu.reason}. ` +
    `${meta.mode} mode: ${meta.repeats} repeat(s) per contender, each in its own process, one at a time; ${meta.epochsTimed} timed epochs after untimed warm-up batches; medians over the repeats.`);
  for (const m of meta.merged ?? []) lines.push('', `Rows of ${m.models.join(', ')} on ${m.backends.join(', ')} re-run ${m.date.slice(0, 16).replace('T', ' ')} UTC (\`--merge\`, load average ${m.loadAverageAtStart.join(', ')}).`);
  if (meta.loadAverageAtStart[0] > meta.cores) {
    lines.push('', `**Not final:** the machine was busy (load average ${meta.loadAverageAtStart.join(', ')} on ${meta.cores} cores), so wall-clock figures are inflated and noisy. ` +
      'The CPU-time columns (the process\'s own user + system time per batch) are far less sensitive to other load and are the better guide to the ratios here.');
  }
  lines.push('', '## Training', '');
  lines.push('Ratios are dl ÷ tfjs-layers on the same backend (samples/s; > 1: dl is faster), from wall time and from CPU time. ' +
    '`tfjs-layers+dl-wasm` is tfjs-layers running on dl\'s wasm kernels: the gap between it and `dl` is the library\'s own overhead, the gap between it and `tfjs-layers` is the kernels. ' +
    'Tensors: live tensors after warm-up → at each timed epoch\'s end → after `fit`; growth is the change across timed epochs.', '');
  lines.push('| model | backend | contender | samples/s | ms/batch | CPU ms/batch | ratio (wall) | ratio (CPU) | peak RSS | tensors | growth |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of training) {
    if (r.status !== 'ok') {
      lines.push(`| ${r.model} | ${r.backend} | ${r.contender} | ${r.status === 'unavailable' ? 'not yet available' : r.status}: ${r.reason.replace(/\|/g, '/')} | | | | | | | |`);
      continue;
    }
    // Against tfjs-layers on the same backend; where it cannot train the model there (no
    // Conv2DBackpropFilter or UnsortedSegmentSum in tfjs-backend-wasm), against its cpu backend, marked.
    const tfOn = (backend) => training.find((t) => t.model === r.model && t.backend === backend && t.contender === 'tfjs-layers' && t.status === 'ok');
    const tf = tfOn(r.backend) ?? (r.backend === 'wasm' ? tfOn('cpu') : undefined);
    const mark = tf && tf.backend !== r.backend ? ` (vs ${tf.backend})` : '';
    const ratio = r.contender === 'dl' && tf ? [f(r.samplesPerSecond / tf.samplesPerSecond, 2) + '×' + mark, f(r.samplesPerCpuSecond / tf.samplesPerCpuSecond, 2) + '×' + mark] : ['', ''];
    const tensors = r.tensorsBefore === null ? '–' : `${r.tensorsBefore} → ${r.tensorsPerEpoch.join(', ')} → ${r.tensorsAfter}`;
    lines.push(`| ${r.model} | ${r.backend}${r.adapter ? ` (${r.adapter})` : ''} | ${r.contender} | ${f(r.samplesPerSecond, 0)} | ${f(r.msPerBatch, 2)} | ${f(r.cpuMsPerBatch, 2)} | ${ratio[0]} | ${ratio[1]} | ${f(r.peakRssMB, 0)} MB | ${tensors} | ${r.growthAcrossEpochs ?? '–'} |`);
  }
  const wasmRows = matmul.find((m) => m.path === 'dl wasm' && m.status === 'ok')?.rows.filter((x) => x.product === 'A·B');
  if (wasmRows) {
    const peak = Math.max(...wasmRows.map((x) => x.gflops));
    const cpuPeak = Math.max(...wasmRows.map((x) => x.cpuGflops));
    lines.push('', `### Share of the wasm matmul peak (dl's plain A·B: ${f(peak, 1)} GFLOPS wall, ${f(cpuPeak, 1)} from CPU time)`, '');
    lines.push('Training FLOPs per sample (forward + both backward products, multiply-add = 2) × samples/s, against the best plain-matmul rate on wasm, wall against wall and CPU time against CPU time. Target: 60% for the matmul-bound models.', '');
    lines.push('| model | training MFLOP/sample | dl wasm GFLOPS (wall / CPU time) | share of peak (wall / CPU time) |', '|---|---|---|---|');
    for (const r of training.filter((t) => t.backend === 'wasm' && t.contender === 'dl' && t.status === 'ok')) {
      const g = (MODELS[r.model].flops * r.samplesPerSecond) / 1e9;
      const gc = (MODELS[r.model].flops * r.samplesPerCpuSecond) / 1e9;
      lines.push(`| ${r.model} | ${f(MODELS[r.model].flops / 1e6, 2)} | ${f(g, 2)} / ${f(gc, 2)} | ${f((100 * g) / peak, 0)}% / ${f((100 * gc) / cpuPeak, 0)}% |`);
    }
  }
  if (matmul.length) {
    lines.push('', '## The machine\'s matmul limit (fp32, square n×n, median ms)', '');
    lines.push('GFLOPS from wall time, and in parentheses from the process\'s CPU time (for PyTorch with 2 threads, CPU time sums both threads).', '');
    lines.push('| path | n | A·B GFLOPS | Aᵀ·B GFLOPS | A·Bᵀ GFLOPS |', '|---|---|---|---|---|');
    for (const m of matmul) {
      if (m.status !== 'ok') { lines.push(`| ${m.path} | ${m.status}: ${m.reason} | | | |`); continue; }
      for (const n of [...new Set(m.rows.map((x) => x.n))]) {
        const g = (p) => {
          const row = m.rows.find((x) => x.n === n && x.product === p);
          return row ? `${f(row.gflops, 2)} (${f(row.cpuGflops, 2)})` : '–';
        };
        lines.push(`| ${m.path}${m.adapter ? ` (${m.adapter})` : ''} | ${n} | ${g('A·B')} | ${g('Aᵀ·B')} | ${g('A·Bᵀ')} |`);
      }
    }
  }
  if (bundle?.status === 'ok') {
    lines.push('', '## Browser bundle: train a Dense model on wasm', '');
    lines.push('esbuild, `platform: \'browser\'`, ESM, minified, code splitting; what a browser loads (lazy chunks the app never imports, such as the cpu backend, excluded); brotli quality 11. ' +
      'The `.wasm` binary (the same tfjs-backend-wasm SIMD file for both) is not counted. Entries: [dl](bundle/dl-entry.mjs), [@tensorflow/tfjs](bundle/tfjs-entry.mjs), [lean tfjs](bundle/tfjs-lean-entry.mjs); [bundle/size.mjs](bundle/size.mjs).', '');
    const dlRow = bundle.rows[0];
    lines.push('| bundle | minified | brotli | dl ÷ this (min / brotli) | largest parts (minified) |', '|---|---|---|---|---|');
    for (const b of bundle.rows) {
      const parts = Object.entries(b.byPackage).sort((x, y) => y[1] - x[1]).slice(0, 5).map(([k, v]) => `${k} ${kb(v)}`).join(', ');
      lines.push(`| ${b.name} | ${kb(b.minifiedBytes)} | ${kb(b.brotliBytes)} | ${b === dlRow ? '' : `${f(dlRow.minifiedBytes / b.minifiedBytes, 2)} / ${f(dlRow.brotliBytes / b.brotliBytes, 2)}`} | ${parts} |`);
    }
  }
  return lines.join('\n') + '\n';
}
