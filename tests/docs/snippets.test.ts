// Every ```ts run snippet of the docs runs as a real Node program against the
// built packages, and its `// →` annotations are checked.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findSnippets, toProgram } from './snippets';

const testsDir = fileURLToPath(new URL('..', import.meta.url));
const root = path.resolve(testsDir, '..');
// Inside tests/ so the programs resolve @dl/* like a user's project would.
const outDir = path.join(testsDir, '.dl-test-tmp', 'snippets');
const snippets = findSnippets(root);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('docs snippets', () => {
  it('finds the README example and at least one snippet per docs page', () => {
    expect(snippets.map((s) => s.where)).toContain('README.md:13');
    expect(snippets.length).toBeGreaterThanOrEqual(4);
  });

  it('fails a snippet whose output differs from its annotation', () => {
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, 'wrong.mjs');
    writeFileSync(file, toProgram({ where: 'x', checks: 1, source: "console.log(1 + 1); // → 3" }));
    expect(() => execFileSync(process.execPath, [file], { cwd: outDir, encoding: 'utf8', stdio: 'pipe' }))
      .toThrow(/snippet line 1: expected "3", printed "2"/);
  });

  it.each(snippets.map((s) => [s.where, s] as const))('%s runs and prints what it says', (_where, snippet) => {
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `${snippet.where.replace(/[^\w]+/g, '_')}.mjs`);
    writeFileSync(file, toProgram(snippet));
    const out = execFileSync(process.execPath, [file], {
      cwd: outDir, encoding: 'utf8', env: { ...process.env, DL_BACKEND: '' }, timeout: 60_000,
    });
    const checked = /__CHECKED__ (\d+)/.exec(out);
    expect(checked, out).not.toBeNull();
    expect(Number(checked![1])).toBe(snippet.checks);
  });
});
