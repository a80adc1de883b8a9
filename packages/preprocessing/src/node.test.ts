// The Node entry on real temp directories: Keras' index order, labels, splits and label
// modes; PNG decoding and TF's half-pixel resize against the NumPy fixtures.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, FormatError, slice, type Tensor } from '@dl/tensor';
import { imageDatasetFromDirectory, textDatasetFromDirectory, type DirectoryBatch } from '@dl/preprocessing/node';

/* eslint-disable @typescript-eslint/no-explicit-any */
const F = JSON.parse(readFileSync(new URL('../fixtures/keras-parity.json', import.meta.url), 'utf8')) as any;
const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

function close(t: Tensor, expected: unknown, what: string, tol = 1e-3): void {
  const e = flat(expected);
  const a = Array.from(t.dataSync());
  expect(a.length, what).toBe(e.length);
  a.forEach((v, i) => {
    if (!(Math.abs(v - e[i]!) <= tol)) throw new Error(`${what}[${i}]: expected ${e[i]}, received ${v}`);
  });
}

async function collect<X>(ds: AsyncIterable<DirectoryBatch<X>>): Promise<DirectoryBatch<X>[]> {
  const out: DirectoryBatch<X>[] = [];
  for await (const b of ds) out.push(b);
  return out;
}

let root = '';
const write = (rel: string, data: string | Uint8Array): void => {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, data);
};

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'dl-preprocessing-'));
  // texts: classes "neg" and "pos", a nested folder, files that are not .txt, a hidden directory
  write('text/pos/b.txt', 'good film');
  write('text/pos/a.txt', 'great film, loved it');
  write('text/pos/sub/c.TXT', 'nested and upper-case extension');
  write('text/pos/sub-a/d.txt', 'a sibling folder whose name sorts before sub/ children');
  write('text/pos/sub/x/e.txt', 'deeper');
  write('text/neg/z.txt', 'bad');
  write('text/neg/y.txt', 'awful plot');
  write('text/neg/notes.md', 'not a text sample');
  write('text/.hidden/x.txt', 'skipped');
  write('text/readme.txt', 'top-level files are not samples with inferred labels');
  for (const img of F.images) write(`img/${img.name.startsWith('gray') ? 'gray' : 'color'}/${img.name}.png`, Buffer.from(img.png, 'base64'));
  write('bad/one/broken.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
  write('bad/one/not-an-image.jpg', 'hello');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('textDatasetFromDirectory', () => {
  it('indexes as Keras: sorted classes, files in path order (own files before subfolders), labels', async () => {
    const ds = await textDatasetFromDirectory(path.join(root, 'text'), { shuffle: false, batchSize: 3 });
    expect(ds.classNames).toEqual(['neg', 'pos']);
    expect(ds.filePaths.map((p) => path.relative(path.join(root, 'text'), p))).toEqual(['neg/y.txt', 'neg/z.txt', 'pos/a.txt', 'pos/b.txt', 'pos/sub/c.TXT', 'pos/sub-a/d.txt', 'pos/sub/x/e.txt']);
    expect(ds.length).toBe(3);
    const batches = await collect(ds);
    expect(batches[0]!.x).toEqual(['awful plot', 'bad', 'great film, loved it']);
    expect(Array.from(batches[0]!.y!.dataSync())).toEqual([0, 0, 1]);
    expect(batches[1]!.y!.dtype).toBe('int32');
  });

  it('label modes, maxLength, classNames order, and a seeded validation split without overlap', async () => {
    const cat = await collect(await textDatasetFromDirectory(path.join(root, 'text'), { shuffle: false, labelMode: 'categorical', classNames: ['pos', 'neg'], maxLength: 5 }));
    expect(cat[0]!.x[0]).toBe('great');
    expect(cat[0]!.y!.shape).toEqual([7, 2]);
    expect(Array.from(cat[0]!.y!.dataSync()).slice(0, 2)).toEqual([1, 0]);
    const bin = await collect(await textDatasetFromDirectory(path.join(root, 'text'), { shuffle: false, labelMode: 'binary' }));
    expect(bin[0]!.y!.shape).toEqual([7, 1]);
    const [train, val] = await textDatasetFromDirectory(path.join(root, 'text'), { validationSplit: 0.4, subset: 'both', seed: 3 });
    expect(val.filePaths.length).toBe(2); // floor(0.4 * 7)
    expect(train.filePaths.length).toBe(5);
    expect(new Set([...train.filePaths, ...val.filePaths]).size).toBe(7);
    const again = await textDatasetFromDirectory(path.join(root, 'text'), { validationSplit: 0.4, subset: 'validation', seed: 3 });
    expect(again.filePaths).toEqual(val.filePaths);
    const none = await collect(await textDatasetFromDirectory(path.join(root, 'text', 'pos'), { labels: null }));
    expect(none[0]!.y).toBeUndefined();
  });

  it('raises typed errors for bad options and missing data', async () => {
    await expect(textDatasetFromDirectory(path.join(root, 'nope'))).rejects.toThrow(ConfigError);
    await expect(textDatasetFromDirectory(path.join(root, 'text'), { validationSplit: 0.2, subset: 'training' })).rejects.toThrow(/Missing `seed`/);
    await expect(textDatasetFromDirectory(path.join(root, 'text'), { validationSplit: 0.2 })).rejects.toThrow(/go together/);
    await expect(textDatasetFromDirectory(path.join(root, 'text'), { classNames: ['pos', 'cats'] })).rejects.toThrow(/`classNames`/);
    await expect(textDatasetFromDirectory(path.join(root, 'img'), { labelMode: 'binary' })).rejects.toThrow(/No files/);
    await expect(textDatasetFromDirectory(path.join(root, 'text'), { batchSize: 0 })).rejects.toThrow(/`batchSize`/);
  });
});

describe('imageDatasetFromDirectory', () => {
  it('decodes every PNG kind and resizes with half-pixel centers (bilinear) like tf.image.resize', async () => {
    const ds = await imageDatasetFromDirectory(path.join(root, 'img'), { imageSize: [4, 4], shuffle: false, batchSize: 10 });
    const [batch] = await collect(ds);
    expect(batch!.x.shape).toEqual([F.images.length, 4, 4, 3]);
    const names = ds.filePaths.map((p) => path.basename(p, '.png'));
    const rows = names.map((n) => F.images.find((i: any) => i.name === n));
    const per = 4 * 4 * 3;
    const all = Array.from(batch!.x.dataSync());
    rows.forEach((img: any, k: number) => {
      const got = all.slice(k * per, (k + 1) * per);
      flat(img.rgb4x4).forEach((e, i) => {
        if (Math.abs(got[i]! - e) > 1e-3) throw new Error(`${img.name}[${i}]: expected ${e}, received ${got[i]}`);
      });
    });
    expect(Array.from(batch!.y!.dataSync())).toEqual(names.map((n) => (n.startsWith('gray') ? 1 : 0)));
  });

  it('grayscale mode, nearest interpolation and cropToAspectRatio', async () => {
    const dir = path.join(root, 'img', 'color');
    const gray = await collect(await imageDatasetFromDirectory(dir, { labels: null, imageSize: [4, 4], colorMode: 'grayscale', shuffle: false }));
    const ds = await imageDatasetFromDirectory(dir, { labels: null, imageSize: [3, 2], interpolation: 'nearest', shuffle: false });
    const near = await collect(ds);
    const names = ds.filePaths.map((p) => path.basename(p, '.png'));
    names.forEach((n, k) => {
      const img = F.images.find((i: any) => i.name === n);
      close(slice(gray[0]!.x, [k, 0, 0, 0], [1, 4, 4, 1]), img.gray4x4, `${n} grayscale`);
      close(slice(near[0]!.x, [k, 0, 0, 0], [1, 3, 2, 3]), img.nearest3x2, `${n} nearest`);
    });
    const crop = await collect(await imageDatasetFromDirectory(dir, { labels: null, imageSize: [4, 4], cropToAspectRatio: true, shuffle: false }));
    const k = names.indexOf(F.imageCrop.name);
    close(slice(crop[0]!.x, [k, 0, 0, 0], [1, 4, 4, 3]), F.imageCrop.expected, 'cropToAspectRatio');
  });

  it('decodes JPEG (through jpeg-js): a smooth image comes back within JPEG error', async () => {
    const { encode } = await import('jpeg-js');
    const w = 16, h = 8;
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([x * 10, y * 20, 128, 255], (y * w + x) * 4);
    write('jpeg/only/smooth.jpg', encode({ data: rgba, width: w, height: h }, 95).data);
    const [b] = await collect(await imageDatasetFromDirectory(path.join(root, 'jpeg'), { imageSize: [h, w], shuffle: false }));
    const got = Array.from(b!.x.dataSync());
    const want = Array.from({ length: w * h * 3 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)]!);
    const maxErr = Math.max(...got.map((v, i) => Math.abs(v - want[i]!)));
    expect(maxErr).toBeLessThan(8);
  });

  it('a file that does not decode raises a FormatError naming it', async () => {
    const ds = await imageDatasetFromDirectory(path.join(root, 'bad'), { imageSize: [2, 2], shuffle: false });
    await expect(collect(ds)).rejects.toThrow(FormatError);
    await expect(imageDatasetFromDirectory(path.join(root, 'img'), { imageSize: [0, 2] })).rejects.toThrow(/`imageSize`/);
  });
});
