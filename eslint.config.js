// One flat config for the repo. The import rule is the seam DESIGN.md asks for:
// only @dl/tensor and the backend packages may import @tensorflow/*.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const tfjsOnlyInCore = {
  'no-restricted-imports': ['error', {
    patterns: [{
      group: ['@tensorflow/*'],
      message: 'Only @dl/tensor and the backend packages import @tensorflow/*; import ops from @dl/tensor.',
    }],
  }],
};

const noSyncReads = {
  'no-restricted-properties': ['error',
    { property: 'dataSync', message: 'Read asynchronously (await t.data() or read() from @dl/tensor): dataSync returns zeros on WebGPU.' },
    { property: 'arraySync', message: 'Read asynchronously (await t.array() or readArray() from @dl/tensor): arraySync fails on WebGPU.' },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.vitepress/cache/**', '**/.vitepress/dist/**', 'packages/tensor/tfjs-grad-shim.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', globalThis: 'readonly', URL: 'readonly', performance: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['packages/**/*.ts', 'examples/**/*.ts', 'docs/**/*.ts'],
    // *.oracle.test.ts files compare dl with tfjs-layers, so they may import it.
    ignores: ['packages/tensor/**', 'packages/backend-*/**', 'packages/*/src/**/*.oracle.test.ts'],
    rules: tfjsOnlyInCore,
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/*/src/**/*.test.ts'],
    rules: noSyncReads,
  },
);
