// The machine's limit for one backend, in its own process (run.mjs starts it):
// fp32 GFLOPS of plain A·B, Aᵀ·B and A·Bᵀ products through dl's matMul
// (`--stock` runs tfjs-backend-wasm 4.22's own kernels instead of dl's).
// Prints one JSON line.
//
//   node bench/models/matmul.mjs '{"backend":"wasm","sizes":[256,512,1024]}'
import { performance } from 'node:perf_hooks';

const job = JSON.parse(process.argv[2]);
const dl = await import('@dl/tensor');
if (job.backend === 'wasm' && job.stock) await import('@tensorflow/tfjs-backend-wasm');
else if (job.backend === 'wasm') await import('@dl/backend-wasm/register');
if (job.backend === 'node-gpu') await import('@dl/backend-node-gpu/register');
try {
  // The stock kernels: tfjs-core's own setBackend, so dl's kernels are never installed.
  if (job.stock) await (await import('@tensorflow/tfjs-core')).setBackend(job.backend);
  else await dl.setBackend(job.backend);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ ...job, status: 'unavailable', reason: String(e.message ?? e).split('\n')[0] })}\n`);
  process.exit(0);
}

/** Median wall ms and median process-CPU ms of one product (read back, so GPU work is finished), after warm-up, over >= minMs of work. */
async function time(fn, minMs) {
  for (let i = 0; i < 2; i++) await dl.read(fn()).then(() => undefined);
  const samples = [];
  const cpuSamples = [];
  const start = performance.now();
  while (samples.length < 3 || (samples.length < 30 && performance.now() - start < minMs)) {
    const t = performance.now();
    const c = process.cpuUsage();
    const out = fn();
    await dl.read(out);
    out.dispose();
    const used = process.cpuUsage(c);
    samples.push(performance.now() - t);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  const mid = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [mid(samples), mid(cpuSamples)];
}

const rows = [];
for (const n of job.sizes) {
  const a = dl.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = dl.randomUniform([n, n], -1, 1, 'float32', 2);
  for (const [name, tA, tB] of [['A·B', false, false], ['Aᵀ·B', true, false], ['A·Bᵀ', false, true]]) {
    const [ms, cpuMs] = await time(() => dl.matMul(a, b, tA, tB), job.minMs ?? 500);
    const gflops = (t) => +((2 * n ** 3) / t / 1e6).toFixed(2);
    rows.push({ n, product: name, ms: +ms.toFixed(3), gflops: gflops(ms), cpuMs: +cpuMs.toFixed(3), cpuGflops: gflops(cpuMs) });
  }
  dl.dispose([a, b]);
}
const info = dl.backend().adapterInfo;
process.stdout.write(`${JSON.stringify({ ...job, status: 'ok', adapter: info ? `${info.vendor} ${info.architecture}` : undefined, rows })}\n`);
