// Bundle-size budgets (STYLE rule 23): runs `size-limit --json` over the root .size-limit.mjs
// (budgets live there; its header says how to add a package) and asserts that every entry
// of every published package has a budget and is within it. Needs `pnpm build` first.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { exportEntries, publishedPackages, repoRoot, run, toolBin } from './workspace';

interface Check { name: string; path: string; limit?: string; ignore?: string[] }
interface SizeResult { name: string; passed: boolean; size: number; sizeLimit?: number }

const configFile = path.join(repoRoot, '.size-limit.mjs');
let checks: Check[] = [];

/** The budget this test suggests for a measured size: +15%, rounded up to 50 B / 100 B / 1 kB. */
function suggest(size: number): string {
  const t = size * 1.15;
  const step = t < 2000 ? 50 : t < 20000 ? 100 : 1000;
  const v = Math.ceil(t / step) * step;
  return v < 1000 ? `${v} B` : `${v / 1000} kB`;
}

let results: SizeResult[] = [];
let stderr = '';

beforeAll(async () => {
  checks = ((await import(pathToFileURL(configFile).href)) as { default: Check[] }).default;
  const r = await run(process.execPath, [toolBin('size-limit', 'size-limit'), '--json'], repoRoot);
  stderr = r.stderr;
  const start = r.stdout.indexOf('[');
  if (start < 0) throw new Error(`size-limit printed no JSON (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  results = JSON.parse(r.stdout.slice(start)) as SizeResult[];
  const rows = results.map((x) => ({
    entry: x.name,
    'brotli B': x.size,
    'budget B': x.sizeLimit ?? '-',
    headroom: x.sizeLimit ? `${Math.round((100 * (x.sizeLimit - x.size)) / x.size)}%` : '-',
    passed: x.passed,
  }));
  console.log('size-limit (brotli, minified; @tensorflow/* and @dl/* external unless "info"):');
  console.table(rows);
}, 120_000);

it('every JS entry of every published package has a size-limit check with a budget', () => {
  const names = new Set(checks.map((c) => c.name));
  const missing: string[] = [];
  for (const { pkg, dir } of publishedPackages()) {
    for (const { subpath } of exportEntries(pkg.exports)) {
      if (subpath === './package.json') continue;
      const spec = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      if (!names.has(spec)) missing.push(`${spec} (packages/${dir}): add '${pkg.name}': { '${subpath}': '<size>' } to BUDGETS in .size-limit.mjs`);
    }
  }
  expect(missing).toEqual([]);
  for (const c of checks) {
    expect(c.limit, `${c.name} has a limit`).toMatch(/^\d+(\.\d+)? (B|kB)$/);
    expect(existsSync(path.join(repoRoot, c.path)), `${c.path} is built (run pnpm build)`).toBe(true);
  }
});

it('size-limit measures every entry, and each is within its budget', () => {
  expect(results.map((r) => r.name)).toEqual(checks.map((c) => c.name));
  const over = results
    .filter((r) => !r.passed)
    .map((r) => `${r.name}: ${r.size} B over ${r.sizeLimit ?? 0} B budget; if intended, set ${suggest(r.size)}`);
  expect(over, stderr).toEqual([]);
  for (const r of results) {
    expect(r.size, `${r.name} measured`).toBeGreaterThan(100);
    expect(r.sizeLimit, `${r.name} budget`).toBeGreaterThanOrEqual(r.size);
  }
});

it('externals work: @dl/tensor alone is a small fraction of @dl/tensor + tfjs-core', () => {
  const own = results.find((r) => r.name === '@dl/tensor');
  const withCore = results.find((r) => r.name === '@dl/tensor + @tensorflow/tfjs-core (info)');
  const full = results.find((r) => r.name === '@dl/tensor + tfjs-core + tfjs-backend-cpu (info)');
  expect(own && withCore && full).toBeTruthy();
  if (!own || !withCore || !full) return;
  // tfjs-core 4.22 is ~65 kB brotli on its own: it must not be counted in the package budget...
  expect(withCore.size - own.size).toBeGreaterThan(40_000);
  expect(own.size * 3).toBeLessThan(withCore.size);
  // ...and the cpu backend adds on top of that.
  expect(full.size).toBeGreaterThan(withCore.size + 10_000);
});
