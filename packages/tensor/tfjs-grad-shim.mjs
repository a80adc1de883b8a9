// esbuild plugin: inlines tfjs-core's gradient files into @dl/tensor and rewires their
// internal imports onto tfjs-core's public API, so the bundle carries no second engine.
// (Recipe from the project's toolchain notes.)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const distDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist') + path.sep;
const core = require('@tensorflow/tfjs-core'); // CJS build: enumerate the public API at build time
const NAMESPACES = ['util', 'backend_util', 'broadcast_util', 'slice_util', 'tensor_util', 'kernel_impls'];
const SPECIAL = { ENGINE: 'tfc.engine()', getGlobalTensorClass: '() => tfc.Tensor' };
function resolveFile(dir, spec) {
  const p = path.resolve(dir, spec);
  for (const c of [p, p + '.js', path.join(p, 'index.js')]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  throw new Error(`tfjs-grad-shim: cannot resolve ${spec} from ${dir}`);
}
function exportNames(file, seen = new Set()) {
  if (seen.has(file)) return new Set();
  seen.add(file);
  const src = fs.readFileSync(file, 'utf8'); const names = new Set();
  for (const m of src.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of src.matchAll(/^export\s*\{([^}]*)\}/gm))
    for (const part of m[1].split(',')) { const n = part.trim().split(/\s+as\s+/).pop(); if (n) names.add(n); }
  for (const m of src.matchAll(/^export\s+\*\s+from\s+'([^']+)'/gm))
    for (const n of exportNames(resolveFile(path.dirname(file), m[1]), seen)) names.add(n);
  return names;
}
function publicExpr(name) {
  if (SPECIAL[name]) return SPECIAL[name];
  if (name in core) return `tfc[${JSON.stringify(name)}]`;
  for (const ns of NAMESPACES) if (core[ns] && name in core[ns]) return `tfc.${ns}[${JSON.stringify(name)}]`;
  return null;
}
const isGradientFile = (f) =>
  f.startsWith(path.join(distDir, 'gradients') + path.sep) || f === path.join(distDir, 'register_all_gradients.js');
export function tfjsGradShim() {
  return {
    name: 'tfjs-grad-shim',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.importer.startsWith(distDir)) return undefined; // not a tfjs-core-internal import
        const file = resolveFile(args.resolveDir, args.path);
        if (isGradientFile(file)) return { path: file };
        return { path: file, namespace: 'tfjs-shim', sideEffects: false };
      });
      build.onResolve({ filter: /^tfjs-real:/ }, (args) => ({
        path: args.path.slice('tfjs-real:'.length), namespace: 'tfjs-real', sideEffects: false }));
      build.onLoad({ filter: /.*/, namespace: 'tfjs-real' }, (args) => ({
        contents: fs.readFileSync(args.path, 'utf8'), resolveDir: path.dirname(args.path), loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: 'tfjs-shim' }, (args) => {
        const lines = [`import * as tfc from '@tensorflow/tfjs-core';`]; const missing = [];
        for (const n of exportNames(args.path)) { const e = publicExpr(n); if (e) lines.push(`export const ${n} = ${e};`); else missing.push(n); }
        if (missing.length) lines.push(`export { ${missing.join(', ')} } from ${JSON.stringify('tfjs-real:' + args.path)};`);
        return { contents: lines.join('\n'), resolveDir: path.dirname(args.path), loader: 'js' };
      });
    },
  };
}
