import { describe, expect, it } from 'vitest';
import * as dl from '@dl/tensor';

async function draw(seed: number) {
  dl.setSeed(seed);
  return {
    normal: Array.from(await dl.randomNormal([16]).data()),
    uniform: Array.from(await dl.randomUniform([16], -1, 1).data()),
    truncated: Array.from(await dl.truncatedNormal([16]).data()),
    dropout: Array.from(await dl.dropout(dl.ones([16]), 0.5).data()),
    ints: Array.from(await dl.randomUniformInt([16], 0, 100).data()),
    floats: Array.from({ length: 16 }, () => dl.random()),
    order: dl.shuffle(Array.from({ length: 16 }, (_, i) => i)),
  };
}

describe('setSeed', () => {
  it('makes every seeded op and helper repeat exactly', async () => {
    const a = await draw(1234);
    const b = await draw(1234);
    expect(b).toEqual(a);
    expect(dl.getSeed()).toBe(1234);
  });

  it('gives different streams for nearby seeds', async () => {
    const a = await draw(1);
    const b = await draw(2);
    expect(b.normal).not.toEqual(a.normal);
    expect(b.floats).not.toEqual(a.floats);
    expect(b.order).not.toEqual(a.order);
  });

  it('keeps an explicit seed argument over the stream', async () => {
    dl.setSeed(5);
    const a = Array.from(await dl.randomNormal([4], 0, 1, 'float32', 99).data());
    dl.setSeed(6);
    const b = Array.from(await dl.randomNormal([4], 0, 1, 'float32', 99).data());
    expect(b).toEqual(a);
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) {
      expect(() => dl.setSeed(bad)).toThrow(dl.ConfigError);
    }
    expect(() => dl.setSeed(-1)).toThrow('Invalid `seed` for setSeed: expected a non-negative safe integer, received -1.');
  });
});

describe('random stream statistics', () => {
  it('random() is uniform on [0, 1): chi-square over 20 bins within the 99.9% bound', () => {
    dl.setSeed(7);
    const n = 200_000;
    const bins = new Array<number>(20).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = dl.random();
      min = Math.min(min, u);
      max = Math.max(max, u);
      bins[Math.floor(u * 20)]! += 1;
    }
    const expected = n / 20;
    const chi2 = bins.reduce((s, b) => s + (b - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.82); // chi-square, 19 degrees of freedom, p = 0.999
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('randomInt(n) covers [0, n) evenly and rejects bad n', () => {
    dl.setSeed(8);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[dl.randomInt(6)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => dl.randomInt(0)).toThrow(dl.ConfigError);
  });

  it('shuffle is a permutation and every position is reachable', () => {
    dl.setSeed(9);
    const firstSeen = new Set<number>();
    for (let t = 0; t < 200; t++) {
      const order = dl.shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
      expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      firstSeen.add(order[0]!);
    }
    expect(firstSeen.size).toBe(8);
  });

  it('getRandomState / setRandomState resume the stream exactly, through JSON', async () => {
    dl.setSeed(11);
    dl.random();
    const saved = JSON.parse(JSON.stringify(dl.getRandomState())) as dl.RandomState;
    const expected = [dl.random(), dl.random(), Array.from(await dl.randomNormal([4]).data())];
    dl.setSeed(999);
    dl.setRandomState(saved);
    expect(dl.getSeed()).toBe(11);
    expect([dl.random(), dl.random(), Array.from(await dl.randomNormal([4]).data())]).toEqual(expected);
    expect(() => dl.setRandomState({ words: [0, 0, 0, 0] })).toThrow(/expected \{ words: four unsigned 32-bit integers/);
    expect(() => dl.setRandomState({ words: [1, 2, 3] })).toThrow(dl.ConfigError);
  });
});
