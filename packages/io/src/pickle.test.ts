import { describe, expect, it } from 'vitest';
import { FormatError } from '@dl/tensor';
import { parseNpy, unpickle, type NDArray } from '@dl/io';
import { expected, fixture } from './fixtures';

describe('restricted unpickler', () => {
  it.each(['objects-p2.npy', 'objects-p4.npy'])('reads int-list object arrays pickled with %s', (file) => {
    const a = parseNpy(fixture(file), { allowPickle: true });
    expect(a.dtype).toBe('object');
    expect(a.shape).toEqual([5]);
    expect(a.data).toEqual(expected.objects.x);
  });

  it.each(['cifar-batch.pkl', 'cifar-batch-p4.pkl'])('reads a CIFAR-style batch (%s): bytes keys, uint8 ndarray, label list', (file) => {
    const d = unpickle(fixture(file)) as Map<string, unknown>;
    expect(d).toBeInstanceOf(Map);
    expect(d.get('labels')).toEqual(expected.cifar.labels);
    const data = d.get('data') as NDArray;
    expect(data.dtype).toBe('uint8');
    expect(data.shape).toEqual(expected.cifar.shape);
    const u8 = data.data as Uint8Array;
    expect(u8.reduce((s, v) => s + v, 0)).toBe(expected.cifar.sum);
    expect(Array.from(u8.subarray(0, 8))).toEqual(expected.cifar.first);
    expect(Array.from(u8.subarray(u8.length - 8))).toEqual(expected.cifar.last);
    expect(new TextDecoder().decode(d.get('batch_label') as Uint8Array)).toBe('training batch 1 of 5');
  });

  it.each([
    ['evil-os-system.pkl', /refusing to construct "(posix|os|nt)\.system"/],
    ['evil-eval.pkl', /refusing to construct "builtins\.eval"/],
  ])('%s names a global outside the allowlist: FormatError, nothing runs', (file, message) => {
    expect(() => unpickle(fixture(file), { name: file })).toThrow(FormatError);
    expect(() => unpickle(fixture(file), { name: file })).toThrow(message);
  });

  it('an object .npy holding a hostile pickle is refused even with allowPickle', () => {
    expect(() => parseNpy(fixture('evil-object.npy'), { name: 'x.npy', allowPickle: true })).toThrow(/Invalid pickle "x.npy" at byte \d+: refusing to construct/);
  });

  it('hand-built opcodes: py2 strings as bytes, LONG1, unsupported opcodes, truncation', () => {
    // PROTO 2, MARK, SHORT_BINSTRING "ab", LONG1 -1 (0xff), NONE, NEWTRUE, TUPLE, STOP
    expect(unpickle(new Uint8Array([0x80, 2, 0x28, 0x55, 2, 0x61, 0x62, 0x8a, 1, 0xff, 0x4e, 0x88, 0x74, 0x2e])))
      .toEqual([new Uint8Array([0x61, 0x62]), -1, null, true]);
    expect(() => unpickle(new Uint8Array([0x80, 2, 0x8f, 0x2e]), { name: 'p' })).toThrow(/"p" at byte 2: unsupported opcode 0x8f/);
    expect(() => unpickle(new Uint8Array([0x80, 2, 0x58, 100, 0, 0, 0, 0x61]), { name: 'p' })).toThrow(/truncated/);
    expect(() => unpickle(new Uint8Array([0x80, 2, 0x68, 5, 0x2e]))).toThrow(/memo key 5 was never stored/);
  });

  it('a truncated CIFAR batch is a FormatError', () => {
    const b = fixture('cifar-batch.pkl');
    expect(() => unpickle(b.subarray(0, b.length - 200), { name: 'data_batch_1' })).toThrow(/Invalid pickle "data_batch_1"/);
  });
});
