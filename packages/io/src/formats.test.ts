import { describe, expect, it } from 'vitest';
import { ConfigError, FormatError } from '@dl/tensor';
import {
  decodeSafetensors, encodeIdx, encodeNpy, encodeNpz, encodeSafetensors, encodeZip, gunzip, gzip, listZip, parseIdx, parseNpy,
  parseNpz, parseTar, parseZip, type NDArray,
} from '@dl/io';
import { expected, fixture, plain } from './fixtures';

describe('npy (NumPy fixtures)', () => {
  it.each(Object.keys(expected.npy))('reads %s.npy as numpy wrote it', (name) => {
    const want = expected.npy[name]!;
    const a = parseNpy(fixture(`${name}.npy`), { name: `${name}.npy` }) as NDArray;
    expect(a.dtype).toBe(want.dtype);
    expect(a.shape).toEqual(want.shape);
    expect(plain(a.data)).toEqual(want.values);
  });

  it.each(Object.keys(expected.npy).filter((n) => !['big-endian', 'fortran', 'v2'].includes(n)))('writes %s.npy byte-identical to numpy', (name) => {
    const bytes = fixture(`${name}.npy`);
    expect(encodeNpy(parseNpy(bytes) as NDArray)).toEqual(bytes);
  });

  it('rejects object arrays unless allowPickle, and names the file', () => {
    expect(() => parseNpy(fixture('objects-p2.npy'), { name: 'x_train.npy' })).toThrow(/Invalid npy file "x_train.npy": it holds Python objects.*allowPickle/);
  });

  it('truncated data, bad magic, bad header, trailing bytes: FormatErrors naming the file', () => {
    const good = fixture('float32.npy');
    expect(() => parseNpy(good.subarray(0, good.length - 3), { name: 'f.npy' })).toThrow(/"f.npy": truncated: shape \[2,3\] of float32 needs 24 bytes of data, found 21/);
    expect(() => parseNpy(new Uint8Array([1, 2, 3]), { name: 'f.npy' })).toThrow(FormatError);
    const trailing = new Uint8Array(good.length + 1);
    trailing.set(good);
    expect(() => parseNpy(trailing)).toThrow(/1 unexpected bytes after the data/);
    const badHeader = good.slice();
    badHeader.set(new TextEncoder().encode("{'descr': '<c8'"), 10);
    expect(() => parseNpy(badHeader)).toThrow(/unsupported dtype "<c8"/);
  });

  it('encodeNpy validates its input', () => {
    expect(() => encodeNpy({ dtype: 'float32', shape: [3], data: new Float32Array(2) })).toThrow(ConfigError);
    expect(() => encodeNpy({ dtype: 'float32', shape: [2], data: new Int32Array(2) } as unknown as NDArray)).toThrow(/expected a Float32Array/);
  });
});

describe('npz', () => {
  it.each(['savez.npz', 'savez_compressed.npz'])('reads %s', (file) => {
    const npz = parseNpz(fixture(file));
    for (const [k, want] of Object.entries(expected.npz)) {
      const a = npz.get(k) as NDArray;
      expect([a.dtype, a.shape, plain(a.data)]).toEqual([want.dtype, want.shape, want.values]);
    }
  });

  it('round-trips through encodeNpz (stored and deflated)', () => {
    const arrays = { w: { dtype: 'float64', shape: [2, 2], data: new Float64Array([1, 2, 3, 4.5]) } as NDArray };
    for (const compress of [false, true]) {
      const back = parseNpz(encodeNpz(arrays, { compress })).get('w') as NDArray;
      expect(Array.from(back.data as Float64Array)).toEqual([1, 2, 3, 4.5]);
    }
  });

  it('reads object arrays of int lists (the imdb.npz layout) with allowPickle', () => {
    const npz = parseNpz(fixture('objects.npz'), { allowPickle: true });
    const x = npz.get('x')!;
    expect(x.dtype).toBe('object');
    expect(x.data).toEqual(expected.objects.x);
    expect(plain((npz.get('y') as NDArray).data)).toEqual(expected.objects.y.map(String));
    expect(() => parseNpz(fixture('objects.npz'), { name: 'imdb.npz' })).toThrow(/"imdb.npz\/x.npy": it holds Python objects/);
  });

  it('a corrupt member: FormatError naming the archive and the member', () => {
    const bytes = fixture('savez_compressed.npz');
    const bad = bytes.slice();
    const entry = listZip(bytes)[0]!;
    bad[entry.localOffset + 60] = bad[entry.localOffset + 60]! ^ 0xff;
    expect(() => parseNpz(bad, { name: 'mnist.npz' })).toThrow(/Invalid zip file "mnist.npz", member "(x|y).npy"/);
    expect(() => parseNpz(bytes.subarray(0, 100), { name: 'mnist.npz' })).toThrow(/"mnist.npz": no end-of-central-directory record/);
  });
});

describe('zip and tar', () => {
  it('reads a zip made by Python (deflate, symlink flagged)', () => {
    const entries = listZip(fixture('good.zip'));
    expect(entries.find((e) => e.name === 'top/link')?.isSymlink).toBe(true);
    const files = parseZip(fixture('good.zip'));
    expect(new TextDecoder().decode(files.get('top/a.txt'))).toBe('alpha\n');
    expect(files.get('top/sub/b.bin')?.length).toBe(1024);
  });

  it('refuses a member over the bomb limits before inflating it', () => {
    expect(() => parseZip(fixture('bomb.zip'), { floorBytes: 64 * 1024, maxRatio: 10 })).toThrow(/Refusing to inflate zip member "zeros.bin".*ratio over 10/);
    expect(parseZip(fixture('bomb.zip')).get('zeros.bin')?.length).toBe(1 << 20); // under the default floor
    expect(() => gunzip(fixture('bomb.tar.gz'), { maxBytes: 1000 })).toThrow(/declares \d+ bytes, over the limit of 1000/);
  });

  it('lists a tar made by Python (pax long names, links, directories)', () => {
    for (const file of ['good.tar', 'good.tar.gz']) {
      const raw = fixture(file);
      const entries = parseTar(file.endsWith('.gz') ? gunzip(raw) : raw);
      const byName = new Map(entries.map((e) => [e.name, e]));
      expect(byName.get('top/')?.type).toBe('directory');
      expect(byName.get('top/link')).toMatchObject({ type: 'symlink', linkName: 'sub/b.bin' });
      expect(byName.get('top/hard')).toMatchObject({ type: 'hardlink', linkName: 'top/a.txt' });
      expect(new TextDecoder().decode(byName.get(`deep/${'x'.repeat(120)}.txt`)?.data)).toBe('long\n');
    }
  });

  it('a corrupt tar header or truncated member is a FormatError naming the archive', () => {
    const tar = fixture('good.tar').slice();
    tar[5] = tar[5]! ^ 0x20;
    expect(() => parseTar(tar, { name: 'c.tar' })).toThrow(/Invalid tar file "c.tar": the header at byte 0 has checksum/);
    const truncated = fixture('good.tar').subarray(0, 1024 + 512 + 100);
    expect(() => parseTar(truncated, { name: 'c.tar' })).toThrow(/truncated/);
  });

  it('gzip round trip, and a truncated gzip names the file', () => {
    const data = new TextEncoder().encode('hello hello hello');
    expect(gunzip(gzip(data))).toEqual(data);
    expect(() => gunzip(fixture('truncated-idx3-ubyte.gz'), { name: 't.gz' })).toThrow(/gzip file "t.gz"/);
    const gz = gzip(new Uint8Array(1000).fill(7));
    gz[gz.length - 9] = gz[gz.length - 9]! ^ 1; // last byte of the deflate stream
    expect(() => gunzip(gz, { name: 'c.gz' })).toThrow(/Invalid gzip file "c.gz"/);
    expect(encodeZip({})).toHaveLength(22);
  });
});

describe('IDX', () => {
  it('reads gzipped IDX images and labels (the Fashion-MNIST layout)', () => {
    const images = parseIdx(fixture('images-idx3-ubyte.gz'));
    expect(images.dtype).toBe('uint8');
    expect(images.shape).toEqual(expected.idx.images.shape);
    expect(Array.from(images.data as Uint8Array).reduce((s, v) => s + v, 0)).toBe(expected.idx.images.sum);
    expect(Array.from((images.data as Uint8Array).subarray(0, 28))).toEqual(expected.idx.images.first);
    expect(Array.from(parseIdx(fixture('labels-idx1-ubyte.gz')).data as Uint8Array)).toEqual(expected.idx.labels);
  });

  it('reads big-endian floats and round-trips encodeIdx', () => {
    const f = parseIdx(fixture('floats.idx'));
    expect(f.shape).toEqual([2, 2]);
    expect(Array.from(f.data as Float32Array)).toEqual(expected.idx.floats.values);
    expect(encodeIdx(f)).toEqual(fixture('floats.idx'));
  });

  it('a truncated file is a FormatError naming it', () => {
    expect(() => parseIdx(fixture('truncated-idx3-ubyte.gz'), { name: 'train-images-idx3-ubyte.gz' })).toThrow(/"train-images-idx3-ubyte.gz"/);
    const raw = encodeIdx({ dtype: 'uint8', shape: [2, 3], data: new Uint8Array(6) });
    expect(() => parseIdx(raw.subarray(0, raw.length - 1), { name: 'l.idx' })).toThrow(/Invalid IDX file "l.idx": shape \[2,3\] of uint8 needs 6 bytes of data, found 5 \(truncated\)/);
  });
});

describe('safetensors', () => {
  it('reads the Rust crate\'s golden file', () => {
    const { tensors } = decodeSafetensors(fixture('golden.safetensors'));
    expect(tensors['test']).toEqual({ dtype: 'int32', shape: [2, 2], data: new Int32Array(4) });
  });

  it('reads a multi-tensor file written from the spec, with metadata', () => {
    const { tensors, metadata } = decodeSafetensors(fixture('multi.safetensors'));
    expect({ ...metadata }).toEqual({ format: 'dl', epoch: '3' });
    for (const [k, want] of Object.entries(expected.safetensors)) {
      const t = tensors[k]!;
      const dtype = want.dtype === 'bool' ? 'bool' : want.dtype;
      expect([t.dtype, t.shape, plain(t.data)]).toEqual([dtype, want.shape, want.values]);
    }
  });

  it('writes what it reads, byte for byte (header padded with spaces to 8 bytes)', () => {
    const file = fixture('multi.safetensors');
    const { tensors, metadata } = decodeSafetensors(file);
    const again = encodeSafetensors(tensors, { metadata: { ...metadata } });
    const n = Number(new DataView(again.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    expect(decodeSafetensors(again)).toEqual(decodeSafetensors(file));
  });

  const header = (h: unknown, dataBytes: number, rawHeader?: string) => {
    const json = new TextEncoder().encode(rawHeader ?? JSON.stringify(h));
    const out = new Uint8Array(8 + json.length + dataBytes);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    return out;
  };
  const t = (dtype: string, shape: number[], offs: [number, number]) => ({ dtype, shape, data_offsets: offs });

  it.each([
    ['overlapping offsets (the crate\'s test_json_attack)', header(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`w${i}`, t('F32', [2, 2], [0, 16])])), 16), /overlaps the previous tensor/],
    ['a hole', header({ a: t('F32', [1], [0, 4]), b: t('F32', [1], [8, 12]) }, 12), /a hole of 4 bytes before tensor "b"/],
    ['trailing bytes', header({ a: t('F32', [1], [0, 4]) }, 8), /4 bytes after the last tensor are not covered/],
    ['end < begin', header({ a: t('F32', [0], [4, 0]) }, 4), /end < begin/],
    ['size mismatch', header({ a: t('F32', [2], [0, 4]) }, 4), /needs 8 bytes, data_offsets \[0, 4\] hold 4/],
    ['bad dtype', header({ a: t('F128', [1], [0, 16]) }, 16), /dtype "F128"/],
    ['out of range', header({ a: t('F32', [4], [0, 16]) }, 8), /past the 8-byte buffer/],
    ['shape overflow', header({ a: t('F32', [2 ** 31, 2 ** 31, 2 ** 31], [0, 16]) }, 16), /overflows/],
    ['not JSON', header(null, 0, '{"a":'), /not JSON/],
    ['not starting with {', header(null, 0, ' {}'), /must start with "\{"/],
    ['bad metadata', header({ __metadata__: { a: 1 } }, 0), /__metadata__ "a" must be a string/],
  ])('rejects %s with a FormatError', (_what, bytes, message) => {
    expect(() => decodeSafetensors(bytes, { name: 'w.safetensors' })).toThrow(FormatError);
    expect(() => decodeSafetensors(bytes, { name: 'w.safetensors' })).toThrow(message);
  });

  it('rejects a header length past the file or over 100 MB, and a short file', () => {
    const big = new Uint8Array(16);
    new DataView(big.buffer).setBigUint64(0, 200_000_000n, true);
    expect(() => decodeSafetensors(big)).toThrow(/over the limit of 100000000/);
    new DataView(big.buffer).setBigUint64(0, 9n, true);
    expect(() => decodeSafetensors(big)).toThrow(/declares 9 bytes, but the file has only 8/);
    expect(() => decodeSafetensors(new Uint8Array(3))).toThrow(/at least 8 bytes/);
    const bad = header(null, 0, '{"a":"\uFFFF"}');
    bad[10] = 0xff;
    expect(() => decodeSafetensors(bad)).toThrow(/not valid UTF-8/);
  });

  it('a tensor named __proto__ is data, not a prototype', () => {
    const bytes = header(null, 4, '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    const { tensors } = decodeSafetensors(bytes);
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['dtype']).toBeUndefined();
  });
});
