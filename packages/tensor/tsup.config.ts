import type { Plugin } from 'esbuild';
import { dlTsup } from '../../tsup.shared';
import { tfjsGradShim } from './tfjs-grad-shim.mjs';

// node.ts (the `node` export condition) re-exports the main entry's built file, so Node
// loads one copy of the package: its `./index` stays an import of dist/index.js (.cjs).
const mainEntryExternal: Plugin = {
  name: 'main-entry-external',
  setup(build) {
    // tsup builds CJS as ESM and converts it afterwards; outExtension tells the two apart.
    const file = `./index${build.initialOptions.outExtension?.['.js'] ?? '.js'}`;
    build.onResolve({ filter: /^\.\/index$/ }, (args) =>
      args.importer.endsWith('node.ts') ? { path: file, external: true } : undefined);
  },
};

// tfjs-gradients.ts and tfjs-spatial-gradients.ts (the bundlers' `#gradients` and
// `#spatial-gradients`) import tfjs-core's gradient files, not copies.
const bundlerGradientsExternal: Plugin = {
  name: 'bundler-gradients-external',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/tfjs-core\/dist\/gradients\/\w+_grad\.js$/ }, (args) =>
      /tfjs-(spatial-)?gradients\.ts$/.test(args.importer) ? { path: args.path, external: true } : undefined);
  },
};

export default dlTsup({
  entry: ['src/index.ts', 'src/node.ts', 'src/gradients.ts', 'src/tfjs-gradients.ts', 'src/tfjs-spatial-gradients.ts'],
  dts: { entry: 'src/index.ts' }, // node.ts has the main entry's types
  external: ['@tensorflow/tfjs-core', /^@tensorflow\/tfjs-backend-cpu/, '#gradients', '#spatial-gradients'],
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
  esbuildPlugins: [bundlerGradientsExternal, tfjsGradShim(), mainEntryExternal],
});
