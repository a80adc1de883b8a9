// Browser bundle sizes of a Dense-model training app: dl against @tensorflow/tfjs
// (and against the lean tfjs-core + tfjs-layers + tfjs-backend-wasm set).
// esbuild, platform 'browser', ESM, minified, code splitting; brotli (quality 11) of each
// output file the app loads, summed. The .wasm binary is the same file for both (dl runs
// tfjs-backend-wasm's SIMD build) and is not counted. Prints one JSON line (run.mjs
// includes it).
//
// What the app loads: its entry chunk, every chunk that one imports statically (and so on),
// and the lazy chunks (dynamic `import()`) of the code paths the app runs, with their own
// static imports. This app runs one: `setBackend('wasm')` starts the wasm provider, whose
// init imports tfjs-backend-wasm's backend (for dl: @dl/backend-wasm's dist/tfjs-wasm.js or,
// with its dense entry, dist/tfjs-wasm-dense.js: its single-threaded adaptation, which imports
// tfjs-backend-wasm's kernels and glue; for tfjs, tfjs-backend-wasm is imported statically).
// The other lazy chunks are only imported by code the app
// never runs, so a browser never fetches them: @tensorflow/tfjs-backend-cpu (imported by
// the cpu provider's init, when cpu is selected: `setBackend('cpu')`, or `ready()` with no
// better backend), the spatial ops' gradients (@dl/tensor's tfjs-spatial-gradients.js,
// imported by `setBackend` for a backend whose provider does not declare `gradients: 'dense'`;
// the dense wasm entry's does), the safetensors codec (@dl/models' codec.js, imported by a
// save or a load), and Node-only code (file paths). They are reported apart (`lazyChunks`),
// not counted. tests/packaging/wasm-dense.browser.test.ts checks in Chromium which of these
// the app's code paths fetch.
//
//   node bench/bundle/size.mjs
import { build } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
/** The lazy chunks the app loads, by the module that starts them (see above). */
const APP_LOADS = [/\/@tensorflow\/tfjs-backend-wasm\/dist\/index\.js$/, /\/backend-wasm\/dist\/tfjs-wasm(-dense)?\.js$/];
const rows = [];
for (const [name, entry] of [['dl', 'dl-entry.mjs'], ['@tensorflow/tfjs', 'tfjs-entry.mjs'], ['tfjs-core + tfjs-layers + tfjs-backend-wasm', 'tfjs-lean-entry.mjs']]) {
  const out = await build({
    entryPoints: [here(entry)], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    write: false, metafile: true, logLevel: 'silent', outdir: here('./out'), splitting: true,
    // Node-only code, reached by dynamic imports in Node paths only, stays in lazy chunks
    // that a browser never loads; the Node built-ins it names stay external.
    external: ['node:*', ...builtinModules],
  });
  const outputs = out.metafile.outputs;
  const entryChunk = Object.keys(outputs).find((p) => outputs[p].entryPoint?.endsWith(`bundle/${entry}`));
  const loadedLazily = (p) => APP_LOADS.some((re) => re.test(outputs[p]?.entryPoint ?? ''));
  const loaded = [];
  for (const stack = [entryChunk]; stack.length > 0;) {
    const p = stack.pop();
    if (loaded.includes(p)) continue;
    loaded.push(p);
    for (const i of outputs[p].imports) {
      if (i.external) continue;
      if (i.kind === 'import-statement' || (i.kind === 'dynamic-import' && loadedLazily(i.path))) stack.push(i.path);
    }
  }
  const files = out.outputFiles.filter((f) => loaded.some((p) => f.path.endsWith(p.replace(/^.*?out\//, '/out/'))));
  const lazyChunks = Object.keys(outputs).filter((p) => p.endsWith('.js') && !loaded.includes(p))
    .map((p) => ({ entryPoint: (outputs[p].entryPoint ?? '(shared by lazy chunks)').replace(/^.*node_modules\//, ''), bytes: outputs[p].bytes }));
  const code = Buffer.concat(files.map((f) => f.contents));
  const brotli = files.reduce((n, f) => n + brotliCompressSync(f.contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0);
  const byPackage = {};
  for (const p of loaded) {
    for (const [path, { bytesInOutput }] of Object.entries(outputs[p].inputs)) {
      const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/);
      const d = path.match(/packages\/([^/]+)\//);
      const key = m ? m[1] : d ? `@dl/${d[1]}` : path;
      byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
    }
  }
  rows.push({ name, minifiedBytes: code.length, brotliBytes: brotli, byPackage, lazyChunks });
}
process.stdout.write(`${JSON.stringify({ status: 'ok', rows })}\n`);
