// Initializers: seeds, statistics of large draws against the theoretical values, fans,
// orthogonality, names and errors.
import * as dl from '@dl/tensor';
import { ConfigError, readArray, setSeed, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, IdentityInitializer, Initializer, LecunNormal, LecunUniform,
  Ones, Orthogonal, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, Zeros,
  computeFans, getInitializer, registerInitializer, serializeInitializer,
} from '@dl/layers';

async function values(init: Initializer, shape: number[]): Promise<Float32Array> {
  const t = init.call(shape);
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

function stats(v: ArrayLike<number>): { mean: number; std: number; maxAbs: number } {
  let sum = 0;
  let maxAbs = 0;
  for (let i = 0; i < v.length; i++) {
    sum += v[i]!;
    maxAbs = Math.max(maxAbs, Math.abs(v[i]!));
  }
  const mean = sum / v.length;
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += (v[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / v.length), maxAbs };
}

describe('seeds', () => {
  it('repeats with setSeed', async () => {
    for (const make of [() => new GlorotUniform(), () => new HeNormal(), () => new RandomUniform(), () => new Orthogonal()]) {
      setSeed(42);
      const a = await values(make(), [4, 5]);
      setSeed(42);
      const b = await values(make(), [4, 5]);
      expect(b).toEqual(a);
      const c = await values(make(), [4, 5]);
      expect(c).not.toEqual(a);
    }
  });

  it('gives the same values on every call with a seed of its own (Keras 3)', async () => {
    const init = new GlorotNormal({ seed: 7 });
    setSeed(1);
    const a = await values(init, [3, 3]);
    setSeed(2);
    expect(await values(init, [3, 3])).toEqual(a);
    expect(await values(new GlorotNormal({ seed: 8 }), [3, 3])).not.toEqual(a);
    expect(serializeInitializer(init)).toEqual({ className: 'GlorotNormal', config: { seed: 7 } });
    expect(() => new RandomNormal({ seed: -1 })).toThrow('Invalid `seed` for RandomNormal: expected a non-negative integer, received -1.');
  });
});

describe('statistics of large draws equal the theory (within 3%)', () => {
  const shape = [240, 250]; // fanIn 240, fanOut 250, 60,000 values
  const [fanIn, fanOut] = [240, 250];
  const fans = { fanIn, fanOut, fanAvg: (fanIn + fanOut) / 2 };

  it.each([
    ['fanIn', 'truncatedNormal'], ['fanOut', 'truncatedNormal'], ['fanAvg', 'truncatedNormal'],
    ['fanIn', 'untruncatedNormal'], ['fanAvg', 'uniform'], ['fan_out', 'uniform'], ['fan_in', 'truncated_normal'],
  ] as const)('VarianceScaling(scale 2, %s, %s)', async (mode, distribution) => {
    setSeed(3);
    const n = fans[mode.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof typeof fans];
    const v = await values(new VarianceScaling({ scale: 2, mode, distribution }), shape);
    const s = stats(v);
    const std = Math.sqrt(2 / n);
    expect(Math.abs(s.mean)).toBeLessThan(0.02 * std);
    expect(s.std / std).toBeGreaterThan(0.97);
    expect(s.std / std).toBeLessThan(1.03);
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * 2 / n);
      expect(s.maxAbs).toBeLessThanOrEqual(limit);
      expect(s.maxAbs).toBeGreaterThan(0.99 * limit);
    } else if (distribution.startsWith('truncated')) {
      // The draw is cut at two of its own standard deviations: sqrt(scale/n) / 0.8796...
      const bound = (2 * std) / 0.87962566103423978;
      expect(s.maxAbs).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(s.maxAbs).toBeGreaterThan(0.98 * bound);
    } else {
      expect(s.maxAbs).toBeGreaterThan(3.5 * std); // untruncated: tails beyond 2 stddevs
    }
  });

  it.each([
    ['GlorotUniform', new GlorotUniform(), Math.sqrt(6 / (fanIn + fanOut)), 'uniform'],
    ['HeUniform', new HeUniform(), Math.sqrt(6 / fanIn), 'uniform'],
    ['LecunUniform', new LecunUniform(), Math.sqrt(3 / fanIn), 'uniform'],
    ['GlorotNormal', new GlorotNormal(), Math.sqrt(2 / (fanIn + fanOut)), 'normal'],
    ['HeNormal', new HeNormal(), Math.sqrt(2 / fanIn), 'normal'],
    ['LecunNormal', new LecunNormal(), Math.sqrt(1 / fanIn), 'normal'],
  ] as const)('%s', async (_name, init, param, kind) => {
    setSeed(4);
    const s = stats(await values(init, shape));
    if (kind === 'uniform') {
      expect(s.maxAbs).toBeLessThanOrEqual(param);
      expect(s.maxAbs).toBeGreaterThan(0.99 * param);
      expect(s.std / (param / Math.sqrt(3))).toBeCloseTo(1, 1);
    } else {
      expect(s.std / param).toBeGreaterThan(0.97);
      expect(s.std / param).toBeLessThan(1.03);
      expect(s.maxAbs).toBeLessThanOrEqual(((2 * param) / 0.87962566103423978) * (1 + 1e-6));
    }
  });

  it('RandomUniform, RandomNormal and TruncatedNormal use their arguments', async () => {
    setSeed(5);
    const u = stats(await values(new RandomUniform({ minval: 2, maxval: 4 }), [20000]));
    expect(u.mean).toBeCloseTo(3, 1);
    expect(u.maxAbs).toBeLessThanOrEqual(4);
    const n = stats(await values(new RandomNormal({ mean: -1, stddev: 0.5 }), [20000]));
    expect(n.mean).toBeCloseTo(-1, 1);
    expect(n.std / 0.5).toBeCloseTo(1, 1);
    const t = await values(new TruncatedNormal({ mean: 1, stddev: 0.1 }), [20000]);
    expect(Math.max(...t)).toBeLessThanOrEqual(1.2 + 1e-6);
    expect(Math.min(...t)).toBeGreaterThanOrEqual(0.8 - 1e-6);
    // Keras' defaults.
    expect(new RandomUniform().getConfig()).toEqual({ minval: -0.05, maxval: 0.05, seed: null });
    expect(new RandomNormal().getConfig()).toEqual({ mean: 0, stddev: 0.05, seed: null });
  });
});

describe('computeFans', () => {
  it('follows Keras for ranks 0 to 4 (conv kernels multiply by the receptive field)', () => {
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
    expect(computeFans([3, 4, 8])).toEqual({ fanIn: 12, fanOut: 24 }); // Conv1D kernel
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 }); // Conv2D kernel
  });
});

async function gram(t: Tensor, rowsOrthonormal: boolean): Promise<number[][]> {
  const m = t.rank === 2 ? (t as dl.Tensor2D) : dl.reshape(t, [-1, t.shape[t.rank - 1]!]) as dl.Tensor2D;
  const g = rowsOrthonormal ? dl.matMul(m, m, false, true) : dl.matMul(m, m, true, false);
  return (await readArray(g)) as number[][];
}

describe('Orthogonal, Identity, Constant', () => {
  it.each([
    [[5, 3], false], [[3, 5], true], [[4, 4], false], [[2, 3, 4], false],
  ] as const)('Orthogonal %j is orthonormal', async (shape, rowsOrthonormal) => {
    setSeed(6);
    const q = new Orthogonal({ gain: 2 }).call([...shape]);
    expect(q.shape).toEqual(shape);
    const g = await gram(q, rowsOrthonormal);
    g.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (i === j ? 4 : 0))).toBeLessThan(1e-5)));
    expect(() => new Orthogonal().call([4])).toThrow('Invalid shape for Orthogonal: expected a rank of at least 2, received [4].');
  });

  it('Identity is gain · I, rectangular too', async () => {
    expect(await readArray(new IdentityInitializer({ gain: 3 }).call([2, 3]))).toEqual([[3, 0, 0], [0, 3, 0]]);
    expect(await readArray(getInitializer('identity').call([2, 2]))).toEqual([[1, 0], [0, 1]]);
    expect(() => new IdentityInitializer().call([2, 2, 2])).toThrow(ConfigError);
  });

  it('Constant, Zeros and Ones', async () => {
    expect(await readArray(new Constant({ value: 0.25 }).call([2]))).toEqual([0.25, 0.25]);
    expect(await readArray(new Constant().call([1]))).toEqual([0]);
    expect(await readArray(new Zeros().call([2], 'int32'))).toEqual([0, 0]);
    expect(await readArray(new Ones().call([2]))).toEqual([1, 1]);
    expect(() => new Constant({ value: Number.NaN })).toThrow('Invalid `value` for Constant: expected a finite number, received NaN.');
  });
});

describe('getInitializer', () => {
  it('accepts camelCase, snake_case, PascalCase, aliases, { className, config } and instances', () => {
    expect(getInitializer('glorotUniform')).toBeInstanceOf(GlorotUniform);
    expect(getInitializer('glorot_uniform')).toBeInstanceOf(GlorotUniform);
    expect(getInitializer('GlorotUniform')).toBeInstanceOf(GlorotUniform);
    expect(getInitializer('he_normal')).toBeInstanceOf(HeNormal);
    expect(getInitializer('truncated_normal')).toBeInstanceOf(TruncatedNormal);
    expect(getInitializer('uniform')).toBeInstanceOf(RandomUniform);
    expect(getInitializer('normal')).toBeInstanceOf(RandomNormal);
    expect(getInitializer('zeros')).toBeInstanceOf(Zeros);
    const vs = getInitializer({ className: 'VarianceScaling', config: { scale: 3, mode: 'fan_avg', distribution: 'uniform', seed: 9 } });
    expect(serializeInitializer(vs)).toEqual({ className: 'VarianceScaling', config: { scale: 3, mode: 'fanAvg', distribution: 'uniform', seed: 9 } });
    const init = new HeUniform();
    expect(getInitializer(init)).toBe(init);
  });

  it('round-trips every built-in through its config', () => {
    const all: Initializer[] = [
      new Zeros(), new Ones(), new Constant({ value: 2 }), new RandomUniform({ minval: -1, maxval: 1, seed: 1 }),
      new RandomNormal({ stddev: 2 }), new TruncatedNormal({ mean: 1 }), new VarianceScaling({ scale: 0.5, mode: 'fanOut' }),
      new GlorotUniform(), new GlorotNormal(), new HeUniform(), new HeNormal(), new LecunUniform(), new LecunNormal({ seed: 2 }),
      new Orthogonal({ gain: 1.5 }), new IdentityInitializer({ gain: 2 }),
    ];
    for (const init of all) {
      const json = JSON.parse(JSON.stringify(serializeInitializer(init)));
      const copy = getInitializer(json);
      expect(copy.constructor).toBe(init.constructor);
      expect(serializeInitializer(copy)).toEqual(json);
    }
  });

  it('names the unknown initializer, lists the known ones, and rejects bad arguments', () => {
    expect(() => getInitializer('glorot', 'Dense "d"')).toThrow(/^Unknown initializer "glorot" for Dense "d": expected one of "Zeros", "Ones", .*"GlorotUniform".*or a class given to registerInitializer\(\)\.$/);
    expect(() => getInitializer(3 as never)).toThrow('Invalid initializer for getInitializer: expected a name, { className, config } or an Initializer, received 3.');
    expect(() => new VarianceScaling({ scale: 0 })).toThrow('Invalid `scale` for VarianceScaling: expected a positive number, received 0.');
    expect(() => new VarianceScaling({ mode: 'fanMax' as never })).toThrow(/^Invalid `mode` for VarianceScaling: expected one of "fanIn", "fanOut", "fanAvg", received "fanMax"\.$/);
    expect(() => new VarianceScaling({ distribution: 'cauchy' as never })).toThrow(/Invalid `distribution` for VarianceScaling/);
  });

  it('registers custom initializers', async () => {
    class Halves extends Initializer {
      static override readonly className = 'HalvesForTest';
      call(shape: number[]) {
        return dl.fill(shape, 0.5);
      }
    }
    registerInitializer(Halves);
    expect(await readArray(getInitializer('HalvesForTest').call([2]))).toEqual([0.5, 0.5]);
    expect(await readArray(getInitializer({ className: 'HalvesForTest', config: {} }).call([1]))).toEqual([0.5]);
    class Nameless extends Initializer {
      call(shape: number[]) {
        return dl.zeros(shape);
      }
    }
    expect(() => registerInitializer(Nameless)).toThrow(/expected a static `className` of its own, received "Initializer"/);
  });
});
