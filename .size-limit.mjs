// Bundle-size budgets for every published @dl package (STYLE rule 23).
// Run: `pnpm build && pnpm size` (or `npx size-limit --json`); tests/packaging/size.test.ts
// runs it too and fails on any entry over budget or without one.
//
// The checks are generated: every non-private packages/*/package.json, every JS entry of
// its `exports` map (the ESM file under the `import` condition), bundled by esbuild with
// `import * as all` (the whole public surface, nothing tree-shaken away), minified, brotli.
// The package's dependencies and peers, and every @tensorflow/* and @dl/* module, are
// external, so a budget measures the package's own code only.
//
// HOW TO ADD A PACKAGE OR AN ENTRY: build it, run `npx size-limit`; the new entry shows up
// as "... (NO BUDGET)" with its measured size and fails. Add a line to BUDGETS below,
// keyed by package name and export subpath, at the measured size + ~15%, rounded
// (tests/packaging/size.test.ts prints the exact suggestion). Nothing else to change.
//
// The INFO entries at the end include tfjs itself: what a user's bundle pays in total for
// `@dl/tensor`. tfjs is pinned (4.22.0), so they carry budgets too; they catch a second
// copy of the tfjs engine being inlined (see TOOLCHAIN.md B).
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Brotli budgets: package name -> export subpath -> limit. Measured + ~15%, rounded. */
const BUDGETS = {
  // measured 2026-11-21, brotli bytes: '.' 5666 (dl's own code, and the lists of tfjs-core's gradient files
  // that bundles register through `#gradients` and `#spatial-gradients`; dist/gradients.js, Node's copy,
  // is not an entry)
  '@dl/tensor': { '.': '6.5 kB' },
  // '.' 20667, './register' 20398 (training kernels, fused recurrent kernels, six SIMD modules ~24 kB hex,
  // and the lazily imported single-threaded tfjs-backend-wasm backend with its kernel lists),
  // './dense/register' 11987 (the dense-training kernels, three SIMD modules, the backend)
  '@dl/backend-wasm': { '.': '23.8 kB', './register': '23.5 kB', './dense/register': '13.8 kB' },
  // '.' 607, './register' 586
  '@dl/backend-webgl': { '.': '700 B', './register': '700 B' },
  // '.' 497, './register' 482
  '@dl/backend-webgpu': { '.': '600 B', './register': '600 B' },
  // '.' 881, './register' 856
  '@dl/backend-node-gpu': { '.': '1.05 kB', './register': '1 kB' },
  // '.' 4244
  '@dl/losses': { '.': '4.9 kB' },
  // '.' 5980
  '@dl/metrics': { '.': '6.9 kB' },
  // '.' 6229
  '@dl/optimizers': { '.': '7.2 kB' },
  // '.' 12660 (Sequential, functional, subclassed, fit loop, saving, browser storage, tfjs import, plot)
  '@dl/models': { '.': '14.6 kB' },
  // '.' 20519 (engine, activations, initializers, every family: core, reshaping, convolutional, pooling,
  // recurrent, normalization, regularization, merging, attention), './testing' 1634
  '@dl/layers': { '.': '23.6 kB', './testing': '1.9 kB' },
  // '.' 8926 (npy, npz, safetensors, IDX, pickle, zip, tar; fflate external), './node' 6218
  '@dl/io': { '.': '10.2 kB', './node': '7.2 kB' },
  // '.' 5170, './node' 4350 (with the Callback base it shares with '.'; @dl/io external)
  '@dl/callbacks': { '.': '5.9 kB', './node': '5 kB' },
  // '.' 5307 (eight loaders, RandomState, Keras' sequence steps)
  '@dl/datasets': { '.': '6.1 kB' },
  // '.' 565, 684, 656 (the data is in their dependencies)
  '@dl/datasets-mnist-embedded': { '.': '700 B' },
  '@dl/datasets-boston-housing-embedded': { '.': '800 B' },
  '@dl/datasets-spam-assassin-embedded': { '.': '800 B' },
  // '.' 13890 (functions 6750 + the 14 preprocessing layers), './node' 3920
  '@dl/preprocessing': { '.': '16 kB', './node': '4.5 kB' },
};

/** Always external: tfjs and the other @dl packages are the consumer's, not this package's. */
const ALWAYS_EXTERNAL = ['@tensorflow/*', '@dl/*'];

/** Node's built-in modules (bare and `node:`), external for Node-only entries such as `@dl/io/node`. */
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const root = path.dirname(fileURLToPath(import.meta.url));
const packagesDir = path.join(root, 'packages');

/** The ESM file an `exports` value resolves to under the `import` condition, or null. */
function esmTarget(value) {
  if (typeof value === 'string') return /\.m?js$/.test(value) ? value : null;
  if (value === null || typeof value !== 'object') return null;
  for (const cond of ['import', 'module', 'default']) {
    if (cond in value) {
      const t = esmTarget(cond === 'import' && typeof value.import === 'object' ? value.import : value[cond]);
      if (t) return t;
    }
  }
  return null;
}

const checks = [];
for (const dir of fs.readdirSync(packagesDir).sort()) {
  const pkgFile = path.join(packagesDir, dir, 'package.json');
  if (!fs.existsSync(pkgFile)) continue;
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  if (pkg.private) continue;
  const exportsMap = typeof pkg.exports === 'object' && pkg.exports !== null ? pkg.exports : {};
  const ignore = [
    ...ALWAYS_EXTERNAL,
    ...NODE_BUILTINS,
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ];
  for (const [subpath, value] of Object.entries(exportsMap)) {
    const target = esmTarget(value);
    if (target === null) continue; // ./package.json and other non-JS entries
    const budget = BUDGETS[pkg.name]?.[subpath];
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    checks.push({
      name: budget === undefined ? `${specifier} (NO BUDGET)` : specifier,
      path: path.posix.join('packages', dir, target),
      import: '*',
      brotli: true,
      ignore: [...new Set(ignore)],
      // No budget yet: fail, so the size shows up and someone writes one.
      limit: budget ?? '0 B',
    });
  }
}

// Information: @dl/tensor with tfjs included (brotli, whole public surface).
checks.push(
  {
    name: '@dl/tensor + @tensorflow/tfjs-core (info)',
    path: 'packages/tensor/dist/index.js',
    import: '*',
    brotli: true,
    ignore: ['@tensorflow/tfjs-backend-cpu'],
    limit: '94 kB', // measured 81789 B (gradients included),
  },
  {
    name: '@dl/tensor + tfjs-core + tfjs-backend-cpu (info)',
    path: 'packages/tensor/dist/index.js',
    import: '*',
    brotli: true,
    ignore: [],
    limit: '125 kB', // measured 108980 B,
  },
);

export default checks;
