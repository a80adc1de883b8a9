// Every published package in packages/* as it would be published: packed with `pnpm pack`
// (workspace: ranges rewritten), then checked by publint and @arethetypeswrong/cli, and
// against the packaging rules of STYLE.md (rules 20, 21, 23) as data.
//
// publint: we assert that the message list is EMPTY, suggestions included. Today every
// package gets zero messages, and each suggestion publint 0.3 can make (engines.node,
// `type`, `files`, sideEffects, a browser condition...) is either required by STYLE or
// cheap to follow; a package with a justified exception adds `package: ['CODE']` to
// PUBLINT_ALLOWED_SUGGESTIONS below, with the reason, so each exception is deliberate.
// Errors and warnings can never be allowed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportEntries,
  pnpmPack,
  publishedPackages,
  readFromTarball,
  run,
  toolBin,
  type PackResult,
  type PackageJson,
  type RunResult,
  type WorkspacePackage,
} from './workspace';

/** publint suggestions a package may keep, with the reason. Empty: none is needed today. */
const PUBLINT_ALLOWED_SUGGESTIONS: Record<string, string[]> = {};

/** Packages that may depend on @tensorflow/*: the core and the backends. */
const mayUseTfjs = (p: WorkspacePackage) => p.pkg.name === '@dl/tensor' || p.dir.startsWith('backend-');

/** Files a tarball may hold besides dist/**. */
const TOP_LEVEL_ALLOWED = /^(package\.json|README(\.md)?|LICENSE(\.md|\.txt)?|CHANGELOG\.md)$/i;

/** The resolution modes @arethetypeswrong checks and what each must find. */
const ATTW_MODES = {
  node10: { types: /\.d\.ts$/, js: /\.cjs$/ },
  'node16-cjs': { types: /\.d\.cts$/, js: /\.cjs$/ },
  'node16-esm': { types: /\.d\.ts$/, js: /\.js$/ },
  bundler: { types: /\.d\.ts$/, js: /\.js$/ },
} as const;

interface AttwResolution {
  resolution?: { fileName: string } | null;
  implementationResolution?: { fileName: string } | null;
}
interface AttwJson {
  analysis: {
    packageName: string;
    types: { kind: string } | false;
    problems: { kind: string; entrypoint: string; resolutionKind?: string }[];
    entrypoints: Record<string, { resolutions: Record<string, AttwResolution> }>;
  };
}

const packages = publishedPackages();
const tensorVersion = packages.find((p) => p.pkg.name === '@dl/tensor')?.pkg.version;

let tmp = '';
const packed = new Map<string, PackResult>();
const packedPkg = new Map<string, PackageJson>();
const attwRuns = new Map<string, Promise<RunResult>>();

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'dl-packaging-'));
  await Promise.all(packages.map(async (p) => {
    const r = await pnpmPack(p.root, tmp);
    packed.set(p.pkg.name, r);
    packedPkg.set(p.pkg.name, JSON.parse(await readFromTarball(r.tarball, 'package.json')) as PackageJson);
  }));
  // attw takes ~2-3 s a package (it loads TypeScript): start them all now, await them in the tests.
  const attw = toolBin('@arethetypeswrong/cli', 'attw');
  for (const p of packages) {
    const r = packed.get(p.pkg.name);
    if (r) attwRuns.set(p.pkg.name, run(process.execPath, [attw, r.tarball, '--format', 'json'], tmp));
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(attwRuns.values());
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A relative package path without its leading "./". */
const norm = (p: string) => p.replace(/^\.\//, '');

it('finds the published packages in packages/*', () => {
  const names = packages.map((p) => p.pkg.name);
  expect(names).toContain('@dl/tensor');
  expect(names).toContain('@dl/backend-wasm');
  for (const n of names) expect(n).toMatch(/^@dl\/[a-z0-9-]+$/);
});

it('publint reports real errors (control: a broken package)', async () => {
  const broken = {
    name: 'broken', version: '1.0.0', type: 'module', main: './missing.cjs',
    exports: { '.': { import: './dist/index.js', require: './dist/index.cjs' } },
  };
  const r = await publint({
    pkgDir: 'package',
    pack: { files: [{ name: 'package/package.json', data: JSON.stringify(broken) }, { name: 'package/dist/index.js', data: 'export default 1;' }] },
  });
  const errors = r.messages.filter((m) => m.type === 'error').map((m) => `${m.code} ${m.path.join('.')}`);
  expect(errors).toEqual(expect.arrayContaining(['FILE_DOES_NOT_EXIST main', 'FILE_DOES_NOT_EXIST exports...require']));
});

describe.each(packages)('$pkg.name', (p) => {
  const { pkg } = p;

  it('STYLE 20: "type": "module", "files": ["dist"]', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.files).toEqual(['dist']);
  });

  it('STYLE 20/21: exports map with import + require, each with types, for every entry; no deep-import patterns', () => {
    const entries = exportEntries(pkg.exports);
    expect(entries.map((e) => e.subpath)).toContain('.');
    const files = new Set(packed.get(pkg.name)?.files ?? []);
    expect(files.size).toBeGreaterThan(0);
    for (const { subpath, value } of entries) {
      expect(subpath, `${pkg.name}: wildcard export "${subpath}" exposes internals`).not.toContain('*');
      if (subpath === './package.json') {
        expect(value).toBe('./package.json');
        continue;
      }
      const v = value as Record<string, Record<string, string> | undefined>;
      const expected = {
        import: { types: /\.d\.ts$/, default: /\.js$/ },
        require: { types: /\.d\.cts$/, default: /\.cjs$/ },
      };
      for (const [cond, want] of Object.entries(expected)) {
        const target = v[cond];
        expect(target, `${pkg.name} exports["${subpath}"].${cond}`).toBeTypeOf('object');
        if (target === undefined) continue;
        expect(Object.keys(target), `${pkg.name} exports["${subpath}"].${cond}: "types" first, "default" last`).toEqual(['types', 'default']);
        expect(target.types).toMatch(want.types);
        expect(target.default).toMatch(want.default);
        // Every target is really in the tarball.
        expect(files.has(norm(target.types ?? '')), `${target.types} packed`).toBe(true);
        expect(files.has(norm(target.default ?? '')), `${target.default} packed`).toBe(true);
      }
    }
  });

  it('STYLE 20: the tarball holds dist/** and package.json only (no src, tests, configs)', () => {
    const files = packed.get(pkg.name)?.files ?? [];
    expect(files).toContain('package.json');
    const stray = files.filter((f) => !f.startsWith('dist/') && !TOP_LEVEL_ALLOWED.test(f));
    expect(stray).toEqual([]);
    // Sourcemaps may name src/ files, but no source file itself is published.
    expect(files.filter((f) => /\.test\.|\/src\//.test(f))).toEqual([]);
  });

  it('sideEffects: true only for @dl/tensor (it registers the gradients); else false or the register entries only', () => {
    if (pkg.name === '@dl/tensor') {
      expect(pkg.sideEffects).toBe(true);
      return;
    }
    const registerTargets = exportEntries(pkg.exports)
      .filter((e) => /(^|\/)register$/.test(e.subpath))
      .flatMap((e) => {
        const v = e.value as Record<string, { default?: string } | undefined>;
        return [v.import?.default, v.require?.default].filter((x): x is string => typeof x === 'string');
      })
      .map(norm);
    if (pkg.sideEffects === false) {
      expect(registerTargets, `${pkg.name} has register entries, so sideEffects: false would let bundlers drop them`).toEqual([]);
      return;
    }
    expect(Array.isArray(pkg.sideEffects), `${pkg.name} sideEffects must be false or a list`).toBe(true);
    const list = (pkg.sideEffects as unknown[]).map((s) => norm(String(s)));
    expect(list.length).toBeGreaterThan(0);
    for (const s of list) expect(s, `${pkg.name} sideEffects entry ${s} is not a register entry`).toMatch(/(^|\/)register\.(c?js|mjs)$/);
    // ... and every register file (ESM and CJS) is listed, so `import '<pkg>/register'` survives tree-shaking.
    for (const t of registerTargets) expect(list, `${pkg.name} sideEffects lacks ${t}`).toContain(t);
  });

  it('peer-depends on @dl/tensor (all but @dl/tensor); packed ranges are real semver, not workspace:', () => {
    const published = packedPkg.get(pkg.name);
    expect(published?.name).toBe(pkg.name);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
      for (const [dep, range] of Object.entries(published?.[field] ?? {})) {
        expect(range, `${pkg.name} packed ${field}.${dep}`).not.toMatch(/^(workspace|link|file):/);
      }
    }
    if (pkg.name === '@dl/tensor') {
      expect(pkg.peerDependencies?.['@tensorflow/tfjs-core']).toBe('4.22.0');
      return;
    }
    expect(pkg.peerDependencies?.['@dl/tensor'], `${pkg.name} peerDependencies["@dl/tensor"]`).toBeTypeOf('string');
    expect(pkg.dependencies?.['@dl/tensor'], `${pkg.name}: @dl/tensor belongs in peerDependencies only`).toBeUndefined();
    expect(published?.peerDependencies?.['@dl/tensor']).toBe(`^${tensorVersion}`);
  });

  it('depends on @tensorflow/* only if it is @dl/tensor or a backend', () => {
    const deps = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((f) => Object.keys((pkg[f] as Record<string, string> | undefined) ?? {}));
    const tf = deps.filter((d) => d.startsWith('@tensorflow/'));
    if (mayUseTfjs(p)) {
      expect(tf).toContain('@tensorflow/tfjs-core');
      return;
    }
    expect(tf, `${pkg.name} must not depend on @tensorflow/*; import ops from @dl/tensor`).toEqual([]);
    // ... nor import it from the built code (a bundled copy would be a second engine).
    for (const f of packed.get(pkg.name)?.files ?? []) {
      if (!/\.(c?js|d\.c?ts)$/.test(f)) continue;
      expect(readFileSync(path.join(p.root, f), 'utf8'), `${pkg.name}/${f}`).not.toContain('@tensorflow/');
    }
  });

  it('publint (on the packed tarball): no errors, no warnings, no suggestions', async () => {
    const r = packed.get(pkg.name);
    expect(r).toBeDefined();
    const buf = readFileSync(r?.tarball ?? '');
    const tarball = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const { messages, pkg: linted } = await publint({ pack: { tarball }, level: 'suggestion' });
    expect(linted.name).toBe(pkg.name);
    const allowed = PUBLINT_ALLOWED_SUGGESTIONS[pkg.name] ?? [];
    const reported = messages
      .filter((m) => !(m.type === 'suggestion' && allowed.includes(m.code)))
      .map((m) => `${m.type} ${m.code}: ${formatMessage(m, linted, { color: false }) ?? ''}`);
    expect(reported).toEqual([]);
  });

  it('@arethetypeswrong/cli: no problems; types and JS resolve under node10, node16 (CJS, ESM) and bundler', async () => {
    const r = await attwRuns.get(pkg.name);
    expect(r, 'attw ran').toBeDefined();
    if (r === undefined) return;
    let out: AttwJson;
    try {
      out = JSON.parse(r.stdout) as AttwJson;
    } catch {
      throw new Error(`attw printed no JSON (exit ${r.code}):\n${r.stderr}\n${r.stdout.slice(0, 2000)}`);
    }
    const a = out.analysis;
    expect(a.packageName).toBe(pkg.name);
    expect(a.types === false ? 'none' : a.types.kind).toBe('included');
    expect(a.problems.map((x) => `${x.kind} at "${x.entrypoint}" (${x.resolutionKind ?? 'all'})`)).toEqual([]);
    expect(r.code).toBe(0);

    const subpaths = exportEntries(pkg.exports).map((e) => e.subpath).filter((s) => s !== './package.json');
    expect(Object.keys(a.entrypoints)).toEqual(expect.arrayContaining(subpaths));
    for (const sub of subpaths) {
      const res = a.entrypoints[sub]?.resolutions ?? {};
      for (const [mode, want] of Object.entries(ATTW_MODES)) {
        const m = res[mode];
        const where = `${pkg.name} "${sub}" under ${mode}`;
        expect(m?.resolution?.fileName, `${where}: types`).toMatch(want.types);
        // node10 ignores `exports`: only the root has JS there (via "main"); subpaths get types via typesVersions.
        if (mode === 'node10' && sub !== '.') continue;
        expect(m?.implementationResolution?.fileName, `${where}: JS`).toMatch(want.js);
      }
    }
  });
});
