import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeFileAtomic } from '@dl/io/node';

let root = '';
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'dl-atomic-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('writes and replaces a file, leaving no temporary file', async () => {
  const file = path.join(root, 'w.safetensors');
  await writeFileAtomic(file, new Uint8Array([1, 2, 3]));
  await writeFileAtomic(file, 'second');
  expect(readFileSync(file, 'utf8')).toBe('second');
  expect(readdirSync(root)).toEqual(['w.safetensors']);
});

it('a failure (missing folder) throws and leaves nothing behind', async () => {
  await expect(writeFileAtomic(path.join(root, 'missing', 'x'), 'x')).rejects.toThrow(/ENOENT/);
  expect(readdirSync(root)).toEqual([]);
});

it('concurrent writers never leave a mixed or partial file', async () => {
  const file = path.join(root, 'c.bin');
  const a = new Uint8Array(200_000).fill(1);
  const b = new Uint8Array(300_000).fill(2);
  await Promise.all([writeFileAtomic(file, a), writeFileAtomic(file, b), writeFileAtomic(file, a)]);
  const got = readFileSync(file);
  expect(got.length === a.length ? got.every((v) => v === 1) : got.length === b.length && got.every((v) => v === 2)).toBe(true);
  expect(existsSync(file) && readdirSync(root).length).toBe(1);
});
