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
    ...options,
  });
}
