// Where dl's fit spends its time on one model: runs worker.mjs under
// `node --cpu-prof` and sums the profile's self time by category (wasm kernels,
// the JS of tfjs-core's engine, the JS of dl's packages, tfjs-backend-wasm's JS
// glue, reads, GC, the rest). Prints a table; the .cpuprofile goes to
// bench/models/profile/ (open it in Chrome DevTools or speedscope).
//
//   node bench/models/profile.mjs mnist_mlp [batches] [contender] [warm-up batches]
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const model = process.argv[2] ?? 'mnist_mlp';
const batches = Number(process.argv[3] ?? 40);
const dir = here(`./profile/${model}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const job = { contender: process.argv[4] ?? 'dl', backend: 'wasm', model, batches, epochs: 2, warmup: Number(process.argv[5] ?? 3) };
const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200', here('./worker.mjs'), JSON.stringify(job)], { encoding: 'utf8', cwd: here('../..') });
const result = JSON.parse(r.stdout.trim().split('\n').at(-1));
console.log(`${result.contender} ${model} on wasm: ${result.perEpoch.map((e) => `${((e.seconds * 1000 * result.batchSize) / result.samplesPerEpoch).toFixed(2)} ms/batch wall, ${((e.cpuSeconds * 1000 * result.batchSize) / result.samplesPerEpoch).toFixed(2)} CPU`).join('; ')}`);
const [from, to] = result.timedSpanMicros;
const steps = (job.epochs * result.samplesPerEpoch) / result.batchSize;
const profile = JSON.parse(readFileSync(`${dir}/${readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))}`, 'utf8'));

/** A category for a profile node, from its function and script. */
function category(node) {
  const { functionName: fn, url } = node.callFrame;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)' || fn === '(program)' || fn === '(root)') return fn;
  if (url.startsWith('wasm://') || /^\$?(wasm-function|xnn_|Xnn|f32_)/.test(fn) || (url === '' && /^\$/.test(fn))) return 'wasm kernels';
  if (/dataSync|readSync|\bread\b|readArray|readScalar|getBuffer|dataIdMap/.test(fn)) return 'reads';
  if (url.includes('tfjs-backend-wasm')) return 'tfjs-backend-wasm JS glue';
  if (url.includes('packages/backend-wasm')) return 'dl backend-wasm JS';
  if (url.includes('tfjs-core')) return 'tfjs-core engine JS (tidy, gradients, kernel dispatch)';
  if (url.includes('tfjs-layers')) return 'tfjs-layers JS';
  if (url.includes('/packages/')) return `dl JS: ${url.match(/packages\/([^/]+)/)[1]}`;
  if (url.startsWith('node:') || url === '') return 'Node internals / native';
  return 'other JS';
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
// Only the samples inside the timed fit (the worker reports its span on the same clock).
const deltas = profile.timeDeltas;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += deltas[i];
  const dt = deltas[i + 1] ?? 0;
  if (t < from || t > to) continue;
  const node = byId.get(profile.samples[i]);
  self.set(node.id, (self.get(node.id) ?? 0) + dt);
}
const totals = {};
const fns = {};
for (const [id, us] of self) {
  const n = byId.get(id);
  const c = category(n);
  totals[c] = (totals[c] ?? 0) + us;
  const key = `${c} | ${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  fns[key] = (fns[key] ?? 0) + us;
}
const busy = Object.entries(totals).filter(([c]) => c !== '(idle)').reduce((s, [, v]) => s + v, 0);
console.log(`\n${model}: ${(busy / 1000).toFixed(0)} ms sampled in the timed fit (${steps} steps): per step`);
for (const [c, us] of Object.entries(totals).sort((a, b) => b[1] - a[1])) console.log(`${c.padEnd(60)}${(us / 1000 / steps).toFixed(3).padStart(8)} ms ${((100 * us) / busy).toFixed(1).padStart(6)}%`);
console.log('\ntop functions (self time):');
for (const [k, us] of Object.entries(fns).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000 / steps).toFixed(3).padStart(8)} ms/step  ${k}`);

// 2. The same fit with every kernel timed (another process, so the wrappers do not skew the profile).
const k = spawnSync(process.execPath, [here('./worker.mjs'), JSON.stringify({ ...job, kernels: true })], { encoding: 'utf8', cwd: here('../..') });
const timed = JSON.parse(k.stdout.trim().split('\n').at(-1));
const stepMs = (timed.perEpoch.reduce((n, e) => n + e.cpuSeconds, 0) * 1000) / steps;
const kernelRows = Object.entries(timed.kernels).sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = kernelRows.reduce((n, [, v]) => n + v.ms, 0) / steps;
const calls = kernelRows.reduce((n, [, v]) => n + v.calls, 0) / steps;
console.log(`\nkernels, timed one by one: ${calls.toFixed(0)} kernel calls per step; ${kernelMs.toFixed(2)} ms of ${stepMs.toFixed(2)} CPU ms per step inside kernels (the rest, ${(stepMs - kernelMs).toFixed(2)} ms or ${((stepMs - kernelMs) / calls * 1000).toFixed(1)} µs per call, is JS outside kernels)`);
for (const [name, v] of kernelRows.slice(0, 20)) console.log(`${name.padEnd(28)}${(v.calls / steps).toFixed(1).padStart(6)} calls/step ${(v.ms / steps).toFixed(3).padStart(8)} ms/step`);
