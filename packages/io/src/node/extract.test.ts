import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FormatError } from '@dl/tensor';
import { extractArchive, UnsafeArchiveError } from '@dl/io/node';
import { FIXTURES, fixture } from '../fixtures';

let root = '';
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'dl-extract-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('extractArchive', () => {
  it.each(['good.tar.gz', 'good.tar', 'good.zip'])('extracts %s made by Python: files, folders, in-folder links', async (file) => {
    const out = await extractArchive(new URL(file, FIXTURES).pathname, path.join(root, 'out'));
    expect(readFileSync(path.join(out, 'top', 'a.txt'), 'utf8')).toBe('alpha\n');
    expect(readFileSync(path.join(out, 'top', 'sub', 'b.bin')).length).toBe(1024);
    expect(lstatSync(path.join(out, 'top', 'link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(out, 'top', 'link'))).toBe('sub/b.bin');
    if (!file.endsWith('.zip')) expect(readFileSync(path.join(out, 'top', 'hard'), 'utf8')).toBe('alpha\n');
    expect(readdirSync(root)).toEqual(['out']); // no temp folder left
  });

  it.each([
    ['evil-dotdot.tar.gz', /entry "\.\.\/escaped.txt" has a "\.\." component/],
    ['evil-nested-dotdot.tar.gz', /"a\/\.\.\/\.\.\/escaped.txt" has a "\.\." component/],
    ['evil-absolute.tar.gz', /is an absolute or drive path/],
    ['evil-symlink-out.tar.gz', /the link "evil" points to "\.\.\/\.\.\/etc"/],
    ['evil-symlink-abs.tar.gz', /the link "evil" points to "\/etc\/passwd"/],
    ['evil-through-link.tar.gz', /"l\/x.txt" is routed through the link "l"/],
    ['evil-hardlink-out.tar.gz', /hard link target "\.\.\/outside.txt" has a "\.\." component/],
    ['evil-dotdot.zip', /"\.\.\/escaped.txt" has a "\.\." component/],
    ['evil-backslash.zip', /contains a backslash/],
    ['evil-symlink.zip', /the link "evil" points to "\.\.\/outside"/],
  ])('%s: UnsafeArchiveError, and nothing is created (not even the good entries)', async (file, message) => {
    const dest = path.join(root, 'nested', 'out');
    const err = await extractArchive(new URL(file, FIXTURES).pathname, dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as UnsafeArchiveError).code).toBe('unsafe-archive');
    expect((err as Error).message).toMatch(message);
    expect(readdirSync(path.join(root, 'nested'))).toEqual([]);
    expect(existsSync(path.join(root, 'escaped.txt'))).toBe(false);
    expect(existsSync(path.join(root, 'nested', 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/dl-escaped-abs.txt')).toBe(false);
  });

  it('checks against the extraction folder, not the working directory (cwd = /)', async () => {
    const cwd = process.cwd();
    process.chdir('/');
    try {
      await expect(extractArchive(fixture('evil-dotdot.tar.gz'), path.join(root, 'out'))).rejects.toThrow(UnsafeArchiveError);
      const out = await extractArchive(fixture('good.tar.gz'), path.join(root, 'ok'));
      expect(readFileSync(path.join(out, 'top', 'a.txt'), 'utf8')).toBe('alpha\n');
    } finally {
      process.chdir(cwd);
    }
  });

  it('decompression bombs are refused before inflating (thresholds lowered, as Keras\' tests do)', async () => {
    await expect(extractArchive(fixture('bomb.zip'), path.join(root, 'z'), { floorBytes: 64 * 1024, maxRatio: 10 }))
      .rejects.toThrow(/Refusing to inflate zip member "zeros.bin".*ratio over 10/);
    await expect(extractArchive(fixture('bomb.tar.gz'), path.join(root, 't'), { floorBytes: 64 * 1024, maxRatio: 10 }))
      .rejects.toThrow(FormatError);
    await expect(extractArchive(fixture('good.tar.gz'), path.join(root, 'g'), { maxTotalBytes: 100 })).rejects.toThrow(/more than 100 bytes in total/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses an existing destination, and a truncated archive names it', async () => {
    await extractArchive(fixture('good.zip'), path.join(root, 'out'));
    await expect(extractArchive(fixture('good.zip'), path.join(root, 'out'))).rejects.toThrow(/already exists/);
    const tgz = fixture('good.tar.gz');
    await expect(extractArchive(tgz.subarray(0, tgz.length - 40), path.join(root, 'cut'))).rejects.toThrow(/gzip file "archive"/);
  });
});
