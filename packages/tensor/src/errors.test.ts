import { describe, expect, it } from 'vitest';
import { BackendError, ConfigError, DLError, FormatError, MemoryLeakError, ShapeError, describeValue } from './errors';

describe('DLError family', () => {
  it('gives each class a stable code, its own name, and instanceof through the chain', () => {
    const cases: Array<[DLError, string, string]> = [
      [new ShapeError('s'), 'shape', 'ShapeError'],
      [new ConfigError('c'), 'config', 'ConfigError'],
      [new FormatError('f'), 'format', 'FormatError'],
      [new BackendError('b', { code: 'backend-unknown' }), 'backend-unknown', 'BackendError'],
      [new MemoryLeakError('m', 3), 'memory-leak', 'MemoryLeakError'],
      [new DLError('d'), 'dl', 'DLError'],
    ];
    for (const [err, code, name] of cases) {
      expect(err).toBeInstanceOf(DLError);
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe(code);
      expect(err.name).toBe(name);
    }
    expect(new MemoryLeakError('m', 3).leaked).toBe(3);
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new ConfigError('outer', { cause }).cause).toBe(cause);
  });
});

describe('describeValue', () => {
  it('formats values the same way in every message', () => {
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue('relu')).toBe('"relu"');
    expect(describeValue(0)).toBe('0');
    expect(describeValue([2, 3])).toBe('[2,3]');
    expect(describeValue([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe('[1,2,3,4,5,6,7,8,... (10 items)]');
    expect(describeValue({ shape: [2, 3], dtype: 'float32' })).toBe('Tensor float32 [2,3]');
    expect(describeValue(new Float32Array(4))).toBe('Float32Array(4)');
    expect(describeValue({ units: 3 })).toBe('{"units":3}');
    expect(describeValue(function relu() {})).toBe('a function (relu)');
  });
});
