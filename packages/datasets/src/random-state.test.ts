import { describe, expect, it } from 'vitest';
import { ConfigError } from '@dl/tensor';
import { RandomState } from '@dl/datasets';
import { expected } from './fixtures';

const mt = expected.mt19937;

describe('RandomState against numpy (np.random.RandomState)', () => {
  it.each(Object.keys(mt.raw))('seed %s: the first 1300 MT19937 outputs (two state refills) equal randint(0, 2**32, dtype=uint32)', (seed) => {
    const r = new RandomState(Number(seed));
    expect(Array.from({ length: 1300 }, () => r.nextUint32())).toEqual(mt.raw[seed]);
  });

  it.each(Object.keys(mt.permutation))('permutation %s equals numpy\'s', (key) => {
    const [seed, n] = key.split('/').map(Number) as [number, number];
    expect(Array.from(new RandomState(seed).permutation(n))).toEqual(mt.permutation[key]);
  });

  it.each(Object.keys(mt.two_shuffles))('seed %s: two shuffles from one stream (as imdb shuffles train then test)', (seed) => {
    const r = new RandomState(Number(seed));
    const a = r.shuffle(Array.from({ length: 25 }, (_, i) => i));
    const b = r.shuffle(Array.from({ length: 17 }, (_, i) => i));
    expect([a, b]).toEqual(mt.two_shuffles[seed]);
  });

  it.each([-1, 2 ** 32, 1.5, Number.NaN])('seed %s is a ConfigError, as numpy refuses it', (seed) => {
    expect(() => new RandomState(seed)).toThrow(ConfigError);
  });
});
