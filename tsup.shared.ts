import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup configuration every @dl package uses: ESM + CJS + .d.ts, ES2020,
 * dependencies and peers external. A package's tsup.config.ts is three lines:
 * `export default dlTsup({ entry: ['src/index.ts'] })`.
 */
export function dlTsup(options: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2020',
    splitting: false,
    treeshake: true,
    // Class fields stay native (ES2022 syntax, in every browser since 2021; the tsconfig's
    // useDefineForClassFields gives them the standard semantics): esbuild would otherwise
    // lower `static className = 'Dense'` to an assignment after the class, a side effect
    // that keeps every class of a package in a consumer's bundle, used or not.
    esbuildOptions(o) {
      o.supported = { ...o.supported, 'class-field': true, 'class-static-field': true };
    },
    ...options,
  });
}
