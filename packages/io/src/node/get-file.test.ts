import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, DLError, FormatError } from '@dl/tensor';
import { getFile, hashFile } from '@dl/io/node';
import { expected, fixture } from '../fixtures';
import { startServer, type TestServer } from './server';

const NPZ = 'savez.npz';
const SHA = expected.sha256[NPZ]!;
const big = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
let server: TestServer;
let cache = '';

beforeAll(async () => {
  server = await startServer({ [NPZ]: fixture(NPZ), 'good.tar.gz': fixture('good.tar.gz'), 'big.bin': big, 'evil.tar.gz': fixture('evil-dotdot.tar.gz') });
});
afterAll(() => server.close());
beforeEach(() => {
  cache = mkdtempSync(path.join(tmpdir(), 'dl-getfile-'));
  server.requests.length = 0;
});
afterEach(() => rmSync(cache, { recursive: true, force: true }));

const dir = () => path.join(cache, 'datasets');
const listing = () => (existsSync(dir()) ? readdirSync(dir()).sort() : []);

describe('getFile against a loopback server', () => {
  it('downloads, verifies sha256, caches; a second call opens no connection', async () => {
    const p = await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache });
    expect(p).toBe(path.join(dir(), NPZ));
    expect(await hashFile(p, 'sha256')).toBe(SHA);
    expect(listing()).toEqual([NPZ]); // no .part, .lock or temp files left
    const n = server.requests.length;
    expect(await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache })).toBe(p);
    expect(server.requests.length).toBe(n);
  });

  it('verifies md5 (32 hex digits)', async () => {
    const p = await getFile(`${server.url}/good/${NPZ}`, { fileHash: expected.md5[NPZ]!, cacheDir: cache });
    expect(await hashFile(p, 'md5')).toBe(expected.md5[NPZ]);
  });

  it('resumes a connection dropped mid-file with a Range request', async () => {
    const p = await getFile(`${server.url}/drop/big.bin`, { cacheDir: cache, fname: 'big.bin' });
    expect(Buffer.compare(readFileSync(p), big)).toBe(0);
    const ranged = server.requests.filter((r) => r.range !== undefined);
    expect(ranged).toHaveLength(1);
    expect(ranged[0]).toMatchObject({ path: '/drop/big.bin', ifRange: `"big.bin-${big.length}"` });
    const from = Number(/^bytes=(\d+)-$/.exec(ranged[0]?.range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0); // what arrived before the drop (at most the half the server sent)
    expect(from).toBeLessThanOrEqual(big.length / 2);
    expect(listing()).toEqual(['big.bin']);
  });

  it('a server that ignores Range (200 instead of 206) restarts from zero and still lands the right bytes', async () => {
    const p = await getFile(`${server.url}/norange/big.bin`, { cacheDir: cache, fname: 'big.bin' });
    expect(Buffer.compare(readFileSync(p), big)).toBe(0);
    expect(server.requests.length).toBe(2);
  });

  it('a wrong hash: FormatError naming the URL and both hashes; no file at the final path', async () => {
    const url = `${server.url}/wrong/${NPZ}`;
    const err = await getFile(url, { fileHash: SHA, cacheDir: cache }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(new RegExp(`Incomplete or corrupted file detected: ${url}.*sha256 [0-9a-f]{64}, expected ${SHA}`));
    expect(listing()).toEqual([]);
  });

  it('a cached file that fails its hash is deleted and downloaded again', async () => {
    const p = await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache });
    writeFileSync(p, 'corrupted');
    server.requests.length = 0;
    await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache });
    expect(await hashFile(p, 'sha256')).toBe(SHA);
    expect(server.requests.length).toBe(1);
  });

  it('forceDownload downloads again', async () => {
    await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache });
    await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache, forceDownload: true });
    expect(server.requests.length).toBe(2);
  });

  it('DL_OFFLINE=1: zero connections; cached and verified is used, else a clear error', async () => {
    const prev = process.env['DL_OFFLINE'];
    process.env['DL_OFFLINE'] = '1';
    try {
      const err = await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DLError);
      expect((err as DLError).code).toBe('offline');
      expect((err as Error).message).toContain(`Offline and not cached: ${path.join(dir(), NPZ)} (sha256 ${SHA})`);
      writeFileSync(path.join(dir(), NPZ), fixture(NPZ));
      expect(await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache })).toBe(path.join(dir(), NPZ));
      writeFileSync(path.join(dir(), NPZ), 'bad');
      await expect(getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA, cacheDir: cache })).rejects.toThrow(/failed verification.*it was removed/);
      expect(listing()).toEqual([]);
    } finally {
      if (prev === undefined) delete process.env['DL_OFFLINE'];
      else process.env['DL_OFFLINE'] = prev;
    }
    expect(server.requests.length).toBe(0);
  });

  it('DL_HOME sets the cache root', async () => {
    const prev = process.env['DL_HOME'];
    process.env['DL_HOME'] = cache;
    try {
      expect(await getFile(`${server.url}/good/${NPZ}`, { fileHash: SHA })).toBe(path.join(cache, 'datasets', NPZ));
    } finally {
      if (prev === undefined) delete process.env['DL_HOME'];
      else process.env['DL_HOME'] = prev;
    }
  });

  it.each(['..', '.', '', 'a/b', 'a\\b'])('a file name %j is a ConfigError', async (fname) => {
    await expect(getFile(`${server.url}/good/${NPZ}`, { fname, cacheDir: cache })).rejects.toThrow(ConfigError);
  });

  it('a URL ending in ".." with no fname is a ConfigError; a malformed hash too', async () => {
    await expect(getFile(`${server.url}/good/..`, { cacheDir: cache })).rejects.toThrow(/Invalid `fname`/);
    await expect(getFile(`${server.url}/good/${NPZ}`, { cacheDir: cache, fileHash: 'abc' })).rejects.toThrow(/Invalid `fileHash`.*32 hex digits \(md5\)/);
    await expect(getFile('ftp://x/y', { cacheDir: cache })).rejects.toThrow(/http\(s\) URL/);
  });

  it('HTTP errors and redirect loops: DLError code "download", nothing cached', async () => {
    const e404 = await getFile(`${server.url}/status/404`, { cacheDir: cache, fname: 'x' }).catch((e: unknown) => e);
    expect((e404 as DLError).code).toBe('download');
    expect((e404 as Error).message).toMatch(/answered HTTP 404/);
    await expect(getFile(`${server.url}/loop`, { cacheDir: cache, fname: 'x' })).rejects.toThrow(/too many redirects/);
    expect(await getFile(`${server.url}/redirect/${NPZ}`, { cacheDir: cache, fileHash: SHA })).toBe(path.join(dir(), NPZ));
    expect(listing()).toEqual([NPZ]);
  });

  it('two concurrent calls both succeed; the file is downloaded once', async () => {
    const [a, b] = await Promise.all([
      getFile(`${server.url}/slow/big.bin`, { cacheDir: cache, fname: 'big.bin' }),
      getFile(`${server.url}/slow/big.bin`, { cacheDir: cache, fname: 'big.bin' }),
    ]);
    expect(a).toBe(b);
    expect(Buffer.compare(readFileSync(a), big)).toBe(0);
    expect(server.requests.length).toBe(1);
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    await getFile(`${server.url}/good/big.bin`, { cacheDir: cache, progress: (r, t) => { seen.push(r); expect(t).toBe(big.length); } });
    expect(seen.at(-1)).toBe(big.length);
  });

  it('extract: a tar.gz lands in <fname>_extracted; a hostile one leaves nothing', async () => {
    const out = await getFile(`${server.url}/good/good.tar.gz`, { cacheDir: cache, extract: true });
    expect(out).toBe(path.join(dir(), 'good.tar.gz_extracted'));
    expect(readFileSync(path.join(out, 'top', 'a.txt'), 'utf8')).toBe('alpha\n');
    await expect(getFile(`${server.url}/good/evil.tar.gz`, { cacheDir: cache, extract: true })).rejects.toThrow(/escape/);
    expect(listing().filter((n) => n.startsWith('evil'))).toEqual(['evil.tar.gz']);
  });

  it('SIGKILL mid-download, then a rerun: resumes the partial file (same ETag) and verifies it', async () => {
    const code = "import { getFile } from '@dl/io/node'; await getFile(process.argv[1], { cacheDir: process.argv[2], fname: 'big.bin' });";
    // Run from this package so '@dl/io/node' resolves to the build.
    const child = spawn(process.execPath, ['--input-type=module', '-e', code, `${server.url}/slow/big.bin`, cache], {
      cwd: path.resolve(import.meta.dirname, '..', '..'), stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    const part = path.join(dir(), 'big.bin.part');
    for (let i = 0; i < 500 && !(existsSync(part) && readFileSync(part).length > 20_000); i++) await new Promise((r) => setTimeout(r, 20));
    expect(child.exitCode).toBeNull(); // still downloading
    child.kill('SIGKILL');
    await exited;
    const partial = readFileSync(part).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(big.length);
    expect(existsSync(path.join(dir(), 'big.bin'))).toBe(false);
    server.requests.length = 0;
    const p = await getFile(`${server.url}/slow/big.bin`, { cacheDir: cache, fname: 'big.bin' });
    expect(Buffer.compare(readFileSync(p), big)).toBe(0);
    expect(server.requests[0]?.range).toBe(`bytes=${partial}-`);
    expect(listing()).toEqual(['big.bin']);
  });
});
