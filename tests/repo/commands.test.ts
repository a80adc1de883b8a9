// The README's two commands are the contract with users and CI: check they are
// there, that .ci/run runs the test command verbatim, and that the scripts they
// name exist.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const ciRun = readFileSync(path.join(root, '.ci', 'run'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  packageManager: string; scripts: Record<string, string>;
};

const shBlocks = [...readme.matchAll(/```sh\n([^`]*?)```/g)].map((m) => m[1]!.trim());
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');

describe('the README\'s two commands', () => {
  const start = shBlocks.find((b) => b.endsWith('pnpm start'));
  const test = shBlocks.find((b) => b.endsWith('pnpm test'));

  it('shows one command that installs and trains, and one that installs and tests', () => {
    expect(start).toBe(`npm i -g pnpm@${pnpmVersion} && pnpm install --frozen-lockfile && pnpm start`);
    expect(test).toBe(`npm i -g pnpm@${pnpmVersion} && pnpm install --frozen-lockfile && pnpm test`);
  });

  it('is what .ci/run runs, after scripts/ci-setup.sh, with CI=true', () => {
    expect(ciRun).toContain(`bash -c '${test}'`);
    expect(ciRun).toContain('export CI=true');
    expect(ciRun.indexOf('scripts/ci-setup.sh')).toBeLessThan(ciRun.indexOf(`bash -c '${test}'`));
  });

  it('names scripts that exist in package.json', () => {
    expect(pkg.scripts['start']).toMatch(/@dl\/example-quickstart/);
    expect(pkg.scripts['test']).toMatch(/scripts\/run-tests\.mjs/);
  });
});
