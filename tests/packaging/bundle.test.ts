// What a browser bundle of a dl app holds, and what a browser loads of it: esbuild (the
// bundler bench/bundle/size.mjs measures with), code splitting, tree shaking, as an app
// would build. Apps are written to tests/.dl-test-tmp so that they resolve the built
// packages as a user's app would (needs `pnpm build` first).
//   - A Dense-training app on wasm loads no cpu backend code (a lazy chunk it never
//     imports) and no layer class it does not use.
//   - Bundled, then run in Node: an app without a by-name lookup keeps only its layers, and
//     Sequential.fromConfig there asks for registerBuiltInLayers(); with it, or with
//     modelFromJSON, every built-in layer loads by name.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const testsDir = fileURLToPath(new URL('..', import.meta.url));
let tmp = '';

beforeAll(() => {
  mkdirSync(path.join(testsDir, '.dl-test-tmp'), { recursive: true });
  tmp = mkdtempSync(path.join(testsDir, '.dl-test-tmp', 'bundle-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// bench/bundle/dl-entry.mjs: the wasm backend's entry for apps that train dense models.
const TRAIN_APP = `import { setBackend, randomNormal, randomUniform } from '@dl/tensor';
import '@dl/backend-wasm/dense/register';
import { Input, Dense } from '@dl/layers';
import { Sequential } from '@dl/models';
import { RMSprop } from '@dl/optimizers';

await setBackend('wasm');
const model = new Sequential([Input({ shape: [784] }), new Dense(512, { activation: 'relu' }), new Dense(10, { activation: 'softmax' })]);
model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(randomUniform([256, 784]), randomNormal([256, 10]), { epochs: 1, batchSize: 128, verbose: 0 });
console.log(history.history.loss);
`;

interface Bundle {
  metafile: Metafile;
  files: Map<string, string>;
}

async function bundleBrowser(name: string, source: string): Promise<Bundle> {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'app.mjs'), source);
  const out = await build({
    entryPoints: [path.join(dir, 'app.mjs')], bundle: true, minify: true, format: 'esm', platform: 'browser',
    target: 'es2022', splitting: true, write: false, metafile: true, logLevel: 'silent', outdir: path.join(dir, 'out'),
    external: ['node:*', ...builtinModules],
  });
  const files = new Map(out.outputFiles.map((f) => [path.relative(process.cwd(), f.path), f.text]));
  return { metafile: out.metafile, files };
}

/** The chunks a browser loads: the entry, static imports, and the lazy chunks started by modules matching `lazy`. */
function loadedChunks({ metafile }: Bundle, lazy: RegExp): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((p) => outputs[p]?.entryPoint?.endsWith('app.mjs'));
  const loaded: string[] = [];
  for (const stack = [entry!]; stack.length > 0;) {
    const p = stack.pop()!;
    if (loaded.includes(p)) continue;
    loaded.push(p);
    for (const i of outputs[p]?.imports ?? []) {
      if (i.external) continue;
      if (i.kind === 'import-statement' || (i.kind === 'dynamic-import' && lazy.test(outputs[i.path]?.entryPoint ?? ''))) stack.push(i.path);
    }
  }
  return loaded;
}

const text = (b: Bundle, chunks: string[]) => chunks.map((c) => b.files.get(c) ?? '').join('\n');
/** Whether `code` defines the layer class `name` (its static className; kernel names are strings too). */
const hasClass = (code: string, name: string) => new RegExp(`className\\s*=\\s*"${name}"`).test(code);
const inputs = (b: Bundle, chunks: string[]) => chunks.flatMap((c) => Object.keys(b.metafile.outputs[c]?.inputs ?? {}));
/** The lazy chunk the wasm provider's init imports: dl's single-threaded tfjs-backend-wasm backend (package.json "imports"). */
const WASM = /backend-wasm\/dist\/tfjs-wasm(-dense)?\.js$/;

describe('a browser bundle of an app that trains a Dense model on wasm', () => {
  let app: Bundle;
  beforeAll(async () => {
    app = await bundleBrowser('train', TRAIN_APP);
  }, 120_000);

  it('loads no cpu backend: its code is a lazy chunk that only the cpu provider imports', () => {
    const loaded = loadedChunks(app, WASM);
    const cpuBackend = /tfjs-backend-cpu\/dist\/(tf-backend-cpu\.fesm|backend_cpu|register_all_kernels|index)\.js$/;
    expect(inputs(app, loaded).filter((i) => cpuBackend.test(i))).toEqual([]);
    const cpuChunk = Object.entries(app.metafile.outputs).find(([, o]) => /tf-backend-cpu\.fesm\.js$/.test(o.entryPoint ?? ''));
    expect(cpuChunk, 'the cpu backend is a chunk of its own').toBeDefined();
    expect(loaded).not.toContain(cpuChunk?.[0]);
    // ... and the wasm backend's chunk, which the app does load, is there.
    expect(inputs(app, loaded).some((i) => /tfjs-backend-wasm\/dist\/kernels\/_FusedMatMul\.js$/.test(i))).toBe(true);
  });

  it('loads the single-threaded wasm backend only: not tfjs-backend-wasm\'s entry, threaded glue or worker', () => {
    const all = Object.values(app.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => WASM.test(i)), 'dl\'s tfjs-wasm-dense.js, chosen by the browser condition of #tfjs-wasm-dense').toBe(true);
    expect(all.some((i) => /tfjs-backend-wasm\/wasm-out\/tfjs-backend-wasm\.js$/.test(i)), 'the single-threaded glue').toBe(true);
    expect(all.filter((i) => /tfjs-backend-wasm\/(dist\/(index|base|backend_wasm)\.js|wasm-out\/.*threaded)/.test(i))).toEqual([]);
  });

  it('holds none of the kernels the dense entry leaves out; the full register does (control)', async () => {
    // The LSTM SIMD module's first bytes (hex), and an error message of the Conv2DBackpropFilter kernel.
    const markers = ['0061736d01000000012302600d7f7f7f', 'Unsupported `dataFormat` for Conv2DBackpropFilter on wasm'];
    // tfjs-backend-wasm's kernels of left-out families (3-D convolution, image, sparse, string ops)
    const leftOut = /tfjs-backend-wasm\/dist\/kernels\/(Conv3D|ResizeBilinear|SparseReshape|StringSplit|NonMaxSuppressionV5)\.js$/;
    const code = text(app, loadedChunks(app, WASM));
    for (const m of markers) expect(code.includes(m), m).toBe(false);
    expect(inputs(app, loadedChunks(app, WASM)).filter((i) => leftOut.test(i))).toEqual([]);
    const full = await bundleBrowser('train-full', TRAIN_APP.replace('@dl/backend-wasm/dense/register', '@dl/backend-wasm/register'));
    const fullCode = text(full, loadedChunks(full, WASM));
    for (const m of markers) expect(fullCode.includes(m), m).toBe(true);
    expect(inputs(full, loadedChunks(full, WASM)).filter((i) => leftOut.test(i))).toHaveLength(5);
    // The spatial ops' gradients: a lazy chunk that setBackend imports for providers without `gradients: 'dense'`.
    const spatial = /tfjs-core\/dist\/gradients\/(Conv2D|MaxPool|AvgPool|ResizeBilinear)_grad\.js$/;
    expect(inputs(app, loadedChunks(app, WASM)).filter((i) => spatial.test(i))).toEqual([]);
    expect(Object.values(app.metafile.outputs).some((o) => /tensor\/dist\/tfjs-spatial-gradients\.js$/.test(o.entryPoint ?? ''))).toBe(true);
  }, 60_000);

  it('loads no safetensors codec (@dl/io): saving and loading import it lazily', () => {
    const loaded = inputs(app, loadedChunks(app, WASM));
    expect(loaded.filter((i) => /packages\/io\/|@dl\/io\/|fflate/.test(i))).toEqual([]);
    const codec = Object.values(app.metafile.outputs).find((o) => /models\/dist\/codec\.js$/.test(o.entryPoint ?? ''));
    expect(codec, 'the codec is a lazy chunk of its own').toBeDefined();
  });

  it('holds the layers it uses, and no other layer class', () => {
    const code = text(app, loadedChunks(app, WASM));
    expect(hasClass(code, 'Dense')).toBe(true);
    expect(hasClass(code, 'InputLayer')).toBe(true);
    for (const unused of ['Conv2D', 'LSTM', 'MultiHeadAttention', 'BatchNormalization', 'Bidirectional', 'Embedding']) {
      expect(hasClass(code, unused), unused).toBe(false);
    }
  });

  it('control: an app that deserializes layers by name holds every layer class', async () => {
    const b = await bundleBrowser('deserialize', `import { deserializeLayer } from '@dl/layers';
console.log(deserializeLayer(JSON.parse(globalThis.json)));
`);
    const code = text(b, loadedChunks(b, WASM));
    for (const name of ['Dense', 'Conv2D', 'LSTM', 'MultiHeadAttention']) expect(hasClass(code, name), name).toBe(true);
  }, 60_000);
});

/** Bundles `source` as a browser app would be (main entries, tree shaking), into one file run by Node. */
async function runBundled(name: string, source: string): Promise<{ stdout: string; code: string }> {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'app.mjs'), source);
  const outfile = path.join(dir, 'app.bundle.mjs');
  await build({
    entryPoints: [path.join(dir, 'app.mjs')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    outfile, logLevel: 'silent',
    // tfjs-core stays external (Node loads it from tests/node_modules): one engine for the
    // bundle and the cpu backend's build, which is bundled like every other package.
    external: ['@tensorflow/tfjs-core', 'node:*', ...builtinModules],
    // ... so @dl/tensor's gradients are its Node ones (over tfjs-core's public API), as in Node:
    // a bundle's `#gradients` and `#spatial-gradients` import tfjs-core's ESM gradient files,
    // which Node cannot load.
    plugins: [{
      name: 'node-gradients',
      setup(b) {
        b.onResolve({ filter: /^#(spatial-)?gradients$/ }, (args) => ({ path: path.join(path.dirname(args.importer), 'gradients.js') }));
      },
    }],
  });
  const stdout = execFileSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8' }).trim();
  return { stdout, code: readFileSync(outfile, 'utf8') };
}

describe('layer lookups by name in a bundled app (run in Node)', () => {
  const model = `import { ready } from '@dl/tensor';
import { Input, Dense } from '@dl/layers';
import { Sequential } from '@dl/models';
await ready();
const model = new Sequential([Input({ shape: [3] }), new Dense(2)]);
const config = model.getConfig();
`;

  it('without a by-name lookup: only the layers used; Sequential.fromConfig asks for registerBuiltInLayers()', async () => {
    const { stdout, code } = await runBundled('from-config', `${model}
try {
  Sequential.fromConfig(config);
  console.log('loaded');
} catch (e) {
  console.log(e.name, e.message);
}
`);
    expect(hasClass(code, 'Dense')).toBe(true);
    expect(hasClass(code, 'Conv2D')).toBe(false);
    expect(stdout).toBe(
      'ConfigError Unknown layer class "InputLayer"; registered: none. Register it with registerLayer(cls) or pass a registry. ' +
        'This bundle does not include the built-in layers: call registerBuiltInLayers() once first.',
    );
  }, 60_000);

  it('with registerBuiltInLayers() or modelFromJSON: every built-in layer loads by name', async () => {
    const { stdout, code } = await runBundled('registered', `${model}
import { registerBuiltInLayers } from '@dl/layers';
import { modelFromJSON } from '@dl/models';
registerBuiltInLayers();
const copy = Sequential.fromConfig(config);
const conv = modelFromJSON(JSON.stringify({ className: 'Sequential', config: { name: 's', trainable: true, dtype: 'float32', layers: [
  { className: 'InputLayer', config: { name: 'in', trainable: true, dtype: 'float32', batchShape: [null, 8, 8, 1] } },
  { className: 'Conv2D', config: { name: 'c', trainable: true, dtype: 'float32', filters: 2, kernelSize: [3, 3] } },
] } }));
console.log(copy.layers.map((l) => l.constructor.className).join(','), conv.layers.map((l) => l.constructor.className).join(','));
`);
    expect(hasClass(code, 'Conv2D')).toBe(true);
    expect(stdout).toBe('Dense Conv2D');
  }, 60_000);
});

describe('schedule lookups by name in a bundled app (run in Node)', () => {
  const config = `{ learningRate: { className: 'ExponentialDecay', config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: false } } }`;

  it('without a by-name lookup: no built-in schedule class; Adam.fromConfig with a schedule asks for registerBuiltInSchedules()', async () => {
    const { stdout, code } = await runBundled('schedule-from-config', `import { Adam } from '@dl/optimizers';
try {
  Adam.fromConfig(${config});
  console.log('loaded');
} catch (e) {
  console.log(e.name, e.message);
}
`);
    expect(hasClass(code, 'ExponentialDecay')).toBe(false);
    expect(stdout).toBe(
      'ConfigError Unknown learning rate schedule "ExponentialDecay": expected one of none. Register custom schedules with registerSchedule(). ' +
        'This bundle does not include the built-in schedules: call registerBuiltInSchedules() once first.',
    );
  }, 60_000);

  it('with registerBuiltInSchedules(): the schedule loads by name', async () => {
    const { stdout, code } = await runBundled('schedule-registered', `import { Adam, registerBuiltInSchedules } from '@dl/optimizers';
registerBuiltInSchedules();
const adam = Adam.fromConfig(${config});
console.log(adam.learningRateSchedule.constructor.className, adam.learningRate);
`);
    expect(hasClass(code, 'ExponentialDecay')).toBe(true);
    expect(stdout).toBe('ExponentialDecay 0.1');
  }, 60_000);
});
