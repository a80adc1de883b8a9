// "Selective install": a user outside this workspace installs only @dl/tensor and
// @dl/backend-wasm (from the tarballs `pnpm pack` makes, as `pnpm publish` would) plus the
// tfjs-core peer, with npm, then compiles strict TypeScript against them and runs an ESM
// and a CJS consumer on the wasm backend. Everything happens under os.tmpdir(); nothing is
// written into the repo. Needs `pnpm build` first. About 15 s with a warm npm cache.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cleanEnv, pnpmPack, publishedPackages, repoRoot, run, type PackageJson } from '../packaging/workspace';

const TFJS = '4.22.0';

const ESM_CONSUMER = `import '@dl/backend-wasm/register';
import { getBackend, grad, read, setBackend, square, sum, tensor, type Tensor } from '@dl/tensor';

await setBackend('wasm');
const g = grad((x: Tensor) => sum(square(x)));
const dx = g(tensor([1, 2, 3]));
const values: number[] = Array.from(await read(dx));
const first: number | undefined = values[0]; // noUncheckedIndexedAccess is on
console.log(JSON.stringify({ kind: 'esm', backend: getBackend(), grad: values, first: first ?? null }));
`;

const CJS_CONSUMER = `import '@dl/backend-wasm/register';
import { getBackend, grad, read, setBackend, square, sum, tensor, type Tensor } from '@dl/tensor';

async function main(): Promise<void> {
  await setBackend('wasm');
  const g = grad((x: Tensor) => sum(square(x)));
  const dx = g(tensor([1, 2, 3]));
  const values: number[] = Array.from(await read(dx));
  const first: number | undefined = values[0];
  console.log(JSON.stringify({ kind: 'cjs', backend: getBackend(), grad: values, first: first ?? null }));
}
void main(); // a rejection is unhandled, so node exits non-zero
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    module: 'node16',
    moduleResolution: 'node16',
    target: 'es2022',
    lib: ['es2022', 'dom'],
    skipLibCheck: false, // our .d.ts (and tfjs-core's) must compile under these settings too
    outDir: 'out',
    rootDir: 'src',
  },
  include: ['src'],
};

let tmp = '';
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Every package.json of tfjs-core under node_modules: must be exactly one (one engine). */
function findAll(dir: string, name: string, acc: string[] = []): string[] {
  if (!existsSync(dir)) return acc;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    if (p.endsWith(path.join('node_modules', name))) acc.push(p);
    findAll(p, name, acc);
  }
  return acc;
}

it('@dl/tensor + @dl/backend-wasm tarballs install with npm outside the workspace; strict TS ESM and CJS consumers get grad [2,4,6] on wasm', async () => {
  const t0 = Date.now();
  const lap = (label: string) => console.log(`  ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  tmp = mkdtempSync(path.join(tmpdir(), 'dl-selective-'));
  expect(path.relative(repoRoot, tmp).startsWith('..')).toBe(true); // outside the workspace

  // 1. Pack, as publish would.
  const byName = new Map(publishedPackages().map((p) => [p.pkg.name, p]));
  const tensor = byName.get('@dl/tensor');
  const wasm = byName.get('@dl/backend-wasm');
  if (!tensor || !wasm) throw new Error('packages/tensor or packages/backend-wasm is missing');
  const packsDir = path.join(tmp, 'packs');
  mkdirSync(packsDir);
  const [tTar, wTar] = await Promise.all([pnpmPack(tensor.root, packsDir), pnpmPack(wasm.root, packsDir)]);
  expect(readdirSync(tensor.root).filter((f) => f.endsWith('.tgz'))).toEqual([]); // nothing left in the repo
  expect(readdirSync(wasm.root).filter((f) => f.endsWith('.tgz'))).toEqual([]);
  lap('packed');

  // 2. A project outside the workspace, installed with npm.
  const app = path.join(tmp, 'app');
  mkdirSync(path.join(app, 'src'), { recursive: true });
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({
    name: 'dl-selective-install-check',
    version: '1.0.0',
    private: true,
    dependencies: {
      '@dl/tensor': `file:${path.relative(app, tTar.tarball)}`,
      '@dl/backend-wasm': `file:${path.relative(app, wTar.tarball)}`,
      '@tensorflow/tfjs-core': TFJS,
    },
  }, null, 2));
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app, cleanEnv());
  expect(install.code, `npm install failed:\n${install.stderr}\n${install.stdout}`).toBe(0);
  lap('npm install');

  // pnpm pack rewrote workspace:^ into a real range, which npm resolved to the tensor tarball.
  const installedWasm = JSON.parse(readFileSync(path.join(app, 'node_modules/@dl/backend-wasm/package.json'), 'utf8')) as PackageJson;
  const installedTensor = JSON.parse(readFileSync(path.join(app, 'node_modules/@dl/tensor/package.json'), 'utf8')) as PackageJson;
  expect(wasm.pkg.peerDependencies?.['@dl/tensor']).toMatch(/^workspace:/);
  expect(installedWasm.peerDependencies?.['@dl/tensor']).toBe(`^${tensor.pkg.version}`);
  expect(JSON.stringify(installedWasm)).not.toContain('workspace:');
  expect(JSON.stringify(installedTensor)).not.toContain('workspace:');
  expect(installedTensor.version).toBe(tensor.pkg.version);
  // One tfjs-core (one engine, one kernel registry), the pinned version.
  const cores = findAll(path.join(app, 'node_modules'), path.join('@tensorflow', 'tfjs-core'));
  expect(cores.map((c) => path.relative(app, c))).toEqual([path.join('node_modules', '@tensorflow', 'tfjs-core')]);
  const coreVersion = (JSON.parse(readFileSync(path.join(cores[0] ?? '', 'package.json'), 'utf8')) as PackageJson).version;
  expect(coreVersion).toBe(TFJS);
  expect(existsSync(path.join(app, 'node_modules/@tensorflow/tfjs-backend-wasm/package.json'))).toBe(true);

  // 3. Strict TypeScript, node16 resolution: .mts -> ESM (import condition), .cts -> CJS (require condition).
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(path.join(app, 'src', 'esm.mts'), ESM_CONSUMER);
  writeFileSync(path.join(app, 'src', 'cjs.cts'), CJS_CONSUMER);
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const compiled = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
  expect(compiled.code, `tsc failed:\n${compiled.stdout}\n${compiled.stderr}`).toBe(0);
  const esmJs = readFileSync(path.join(app, 'out', 'esm.mjs'), 'utf8');
  const cjsJs = readFileSync(path.join(app, 'out', 'cjs.cjs'), 'utf8');
  expect(esmJs).toMatch(/^import '@dl\/backend-wasm\/register';/m);
  expect(cjsJs).toContain('require("@dl/backend-wasm/register")');
  expect(cjsJs).toContain('require("@dl/tensor")');
  expect(cjsJs).not.toMatch(/^import /m);
  lap('tsc');

  // 4. Run both.
  const [esm, cjs] = await Promise.all([
    run(process.execPath, ['out/esm.mjs'], app),
    run(process.execPath, ['out/cjs.cjs'], app),
  ]);
  lap('ran consumers');
  for (const [kind, r] of [['esm', esm], ['cjs', cjs]] as const) {
    expect(r.code, `${kind} consumer failed:\n${r.stderr}\n${r.stdout}`).toBe(0);
    const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop() ?? '';
    console.log(`  ${kind}: ${line}`);
    const out = JSON.parse(line) as { kind: string; backend: string; grad: number[]; first: number | null };
    expect(out.kind).toBe(kind);
    expect(out.backend).toBe('wasm');
    expect(out.grad).toEqual([2, 4, 6]);
    expect(out.first).toBe(2);
  }
  expect(Date.now() - t0).toBeLessThan(90_000);
}, 180_000);
