import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

const isCI = process.env['CI'] === 'true';

// The browser project runs the conformance suite (wasm, webgl, webgpu) in Debian's headless
// Chromium, driven by playwright-core (no browser download). scripts/ci-setup.sh installs it.
const chromium = process.env['DL_CHROMIUM'] ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
  '--enable-unsafe-webgpu', // WebGPU in headless Chromium (SwiftShader's adapter); WebGL2 needs no flag
];

// Browser test files: *.browser.test.ts anywhere under tests/, and tests/**/browser.test.ts.
const browserTests = ['tests/**/*.browser.test.ts', 'tests/**/browser.test.ts'];

const nodeProject: TestProjectInlineConfiguration = {
  test: {
    name: 'node',
    environment: 'node',
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...browserTests],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
};

const browserProject: TestProjectInlineConfiguration = {
  // Pre-bundle the deep imports of dl's browser builds (tfjs-backend-wasm's kernels, tfjs-core's
  // gradients) when the server starts: found later, on a clean clone's first run, they make Vite
  // re-optimize and reload the page mid-run, and the dynamic imports in flight fail.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-backend-wasm/dist/kernels/*.js',
      '@tensorflow/tfjs-core/dist/gradients/*.js',
    ],
  },
  test: {
    name: 'browser',
    include: browserTests,
    setupFiles: ['tests/setup/browser.ts'],
    // process.env is not visible in the page; the setup file copies this to globalThis.__DL_CI__.
    provide: { dlCI: isCI },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    browser: {
      enabled: true,
      headless: true,
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false, // a failure's message says all; screenshots of a blank page only litter tests/
      provider: playwright({ launchOptions: { executablePath: chromium, args: chromiumArgs } }),
    },
  },
};

function projects(): TestProjectInlineConfiguration[] {
  if (existsSync(chromium)) return [nodeProject, browserProject];
  const how = `Chromium was not found at ${chromium}: install it with scripts/ci-setup.sh (Debian's chromium package), ` +
    'or point DL_CHROMIUM at a Chromium binary.';
  if (isCI) throw new Error(`The browser tests cannot run under CI=true: ${how}`);
  console.warn(`NOTICE: skipping the browser tests (wasm, webgl, webgpu in Chromium). ${how}`);
  return [nodeProject];
}

export default defineConfig({
  test: {
    projects: projects(),
  },
});
