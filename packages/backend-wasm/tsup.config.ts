import type { Plugin } from 'esbuild';
import { dlTsup } from '../../tsup.shared';

// tfjs-wasm.ts and tfjs-wasm-dense.ts are the browser side of the providers' `#tfjs-wasm` and
// `#tfjs-wasm-dense` imports (package.json "imports"); tfjs-wasm.ts imports tfjs-wasm-dense.ts's
// built file (dist/tfjs-wasm-dense.js), not a copy of it.
const denseExternal: Plugin = {
  name: 'tfjs-wasm-dense-external',
  setup(build) {
    // tsup builds CJS as ESM and converts it afterwards; outExtension tells the two apart.
    const file = `./tfjs-wasm-dense${build.initialOptions.outExtension?.['.js'] ?? '.js'}`;
    build.onResolve({ filter: /^\.\/tfjs-wasm-dense$/ }, (args) =>
      (args.importer.endsWith('tfjs-wasm.ts') ? { path: file, external: true } : undefined));
  },
};

export default dlTsup({
  entry: {
    index: 'src/index.ts',
    register: 'src/register.ts',
    'dense/register': 'src/dense/register.ts',
    'tfjs-wasm': 'src/tfjs-wasm.ts',
    'tfjs-wasm-dense': 'src/tfjs-wasm-dense.ts',
  },
  dts: { entry: { index: 'src/index.ts', register: 'src/register.ts', 'dense/register': 'src/dense/register.ts' } },
  external: ['#tfjs-wasm', '#tfjs-wasm-dense'],
  esbuildPlugins: [denseExternal],
});
