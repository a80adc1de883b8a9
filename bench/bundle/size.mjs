// Browser bundle sizes of a Dense-model training app: dl against @tensorflow/tfjs
// (and against the lean tfjs-core + tfjs-layers + tfjs-backend-wasm set).
// esbuild, platform 'browser', ESM, minified; brotli (quality 11) of the output.
// The .wasm binary is the same file for both (dl runs tfjs-backend-wasm's SIMD
// build) and is not counted. Prints one JSON line (run.mjs includes it).
//
//   node bench/bundle/size.mjs
import { build } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const rows = [];
for (const [name, entry] of [['dl', 'dl-entry.mjs'], ['@tensorflow/tfjs', 'tfjs-entry.mjs'], ['tfjs-core + tfjs-layers + tfjs-backend-wasm', 'tfjs-lean-entry.mjs']]) {
  const out = await build({
    entryPoints: [here(entry)], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    write: false, metafile: true, logLevel: 'silent', outdir: here('./out'), splitting: true,
    // Node-only code (@dl/io/node, reached by a dynamic import in Node paths) goes to a lazy
    // chunk that a browser never loads; the Node built-ins it names stay external.
    external: ['node:*', ...builtinModules],
  });
  // What a browser loads: every chunk except the lazy ones that only Node paths import
  // (@dl/io's node entry); the lazily imported tfjs-backend-wasm loads at setBackend('wasm').
  const outputs = out.metafile.outputs;
  const nodeOnly = (p) => Object.keys(outputs[p].inputs).some((i) => /io\/dist\/node\.js$/.test(i));
  const loaded = Object.keys(outputs).filter((p) => p.endsWith('.js') && !nodeOnly(p));
  const files = out.outputFiles.filter((f) => loaded.some((p) => f.path.endsWith(p.replace(/^.*?out\//, '/out/'))));
  const code = Buffer.concat(files.map((f) => f.contents));
  const brotli = files.reduce((n, f) => n + brotliCompressSync(f.contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0);
  const nodeOnlyBytes = out.outputFiles.filter((f) => !files.includes(f) && f.path.endsWith('.js')).reduce((n, f) => n + f.contents.length, 0);
  const byPackage = {};
  for (const p of loaded) {
    for (const [path, { bytesInOutput }] of Object.entries(outputs[p].inputs)) {
      const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/);
      const d = path.match(/packages\/([^/]+)\//);
      const key = m ? m[1] : d ? `@dl/${d[1]}` : path;
      byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
    }
  }
  rows.push({ name, minifiedBytes: code.length, brotliBytes: brotli, nodeOnlyChunkBytes: nodeOnlyBytes, byPackage });
}
process.stdout.write(`${JSON.stringify({ status: 'ok', rows })}\n`);
