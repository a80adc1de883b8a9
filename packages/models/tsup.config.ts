import type { Plugin } from 'esbuild';
import { dlTsup } from '../../tsup.shared';

// codec.ts is a file of its own, imported lazily by saving and loading (see codec.ts): its
// `./codec` import stays an import of dist/codec.js (.cjs), not a copy bundled into index.
const codecExternal: Plugin = {
  name: 'codec-external',
  setup(build) {
    // tsup builds CJS as ESM and converts it afterwards; outExtension tells the two apart.
    const file = `./codec${build.initialOptions.outExtension?.['.js'] ?? '.js'}`;
    build.onResolve({ filter: /^\.\/codec$/ }, (args) => (args.importer.endsWith('codec.ts') ? undefined : { path: file, external: true }));
  },
};

export default dlTsup({
  entry: ['src/index.ts', 'src/codec.ts'],
  dts: { entry: 'src/index.ts' },
  esbuildPlugins: [codecExternal],
});
