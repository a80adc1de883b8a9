// Shared helpers for the packaging tests: find the published packages in packages/*,
// pack them with pnpm (as `pnpm publish` would), run the repo's tool binaries.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const packagesDir = path.join(repoRoot, 'packages');

const execFileP = promisify(execFile);

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  files?: unknown;
  sideEffects?: unknown;
  exports?: unknown;
  main?: string;
  module?: string;
  types?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export interface WorkspacePackage {
  /** Folder name under packages/, e.g. "backend-wasm". */
  dir: string;
  /** Absolute path of the package folder. */
  root: string;
  pkg: PackageJson;
}

/** Every non-private package in packages/*, read now (packages added later are picked up). */
export function publishedPackages(): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const dir of readdirSync(packagesDir).sort()) {
    const file = path.join(packagesDir, dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
    if (pkg.private === true) continue;
    out.push({ dir, root: path.join(packagesDir, dir), pkg });
  }
  return out;
}

/** An environment for child tools without the npm_config_* / pnpm variables of a parent `pnpm run`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|NODE_OPTIONS$|INIT_CWD$)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, npm_config_update_notifier: 'false', ...extra };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; never throws on a non-zero exit (the caller asserts on `code`). */
export async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileP(cmd, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string; message?: string };
    return {
      code: typeof err.code === 'number' ? err.code : -1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? err.message ?? String(e),
    };
  }
}

export interface PackResult {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the tarball, relative to its package/ folder. */
  files: string[];
}

/** `pnpm pack` a package into `dest` (workspace: ranges rewritten, as on publish). */
export async function pnpmPack(pkgRoot: string, dest: string): Promise<PackResult> {
  const r = await run('pnpm', ['pack', '--pack-destination', dest, '--json'], pkgRoot);
  if (r.code !== 0) throw new Error(`pnpm pack failed in ${pkgRoot} (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  // pnpm may print warnings before the JSON object.
  const json = r.stdout.slice(r.stdout.indexOf('{'));
  const parsed = JSON.parse(json) as { filename: string; files: { path: string }[] };
  return { tarball: path.resolve(dest, parsed.filename), files: parsed.files.map((f) => f.path).sort() };
}

/** Reads one file out of a .tgz (tar is on every machine we run on). */
export async function readFromTarball(tarball: string, file: string): Promise<string> {
  const r = await run('tar', ['-xzOf', tarball, `package/${file}`], path.dirname(tarball));
  if (r.code !== 0) throw new Error(`tar could not read ${file} from ${tarball}: ${r.stderr}`);
  return r.stdout;
}

/** Path of a repo-root devDependency's binary script, run with `node`. */
export function toolBin(pkgName: string, bin: string): string {
  const pkgJsonPath = path.join(repoRoot, 'node_modules', pkgName, 'package.json');
  const pj = JSON.parse(readFileSync(pkgJsonPath, 'utf8')) as { bin?: string | Record<string, string> };
  const rel = typeof pj.bin === 'string' ? pj.bin : pj.bin?.[bin];
  if (rel === undefined) throw new Error(`${pkgName} has no bin ${bin}`);
  return path.join(path.dirname(pkgJsonPath), rel);
}

/** The subpaths of an `exports` map with their values (empty when there is no map). */
export function exportEntries(exportsField: unknown): { subpath: string; value: unknown }[] {
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.entries(exportsField as Record<string, unknown>).map(([subpath, value]) => ({ subpath, value }));
}
