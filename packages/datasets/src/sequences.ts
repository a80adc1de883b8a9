import { ConfigError, FormatError, describeValue } from '@dl/tensor';
import type { NDArray, ObjectArray } from '@dl/io';
import type { Sequences } from './types';

/** The Keras arguments shared by `imdb.loadData` and `reuters.loadData`. */
export interface SequenceOptions {
  /** Keep the `numWords` most frequent words (indices below `numWords`, after `indexFrom`); others become `oovChar`. Default: all. */
  numWords?: number | null;
  /** Also replace the `skipTop` most frequent words (indices below `skipTop`). Default 0. */
  skipTop?: number;
  /** Drop sequences of length >= `maxlen` (counted after `startChar`). Default: none. */
  maxlen?: number | null;
  /** The seed of the shuffle (numpy's RandomState). Default 113. */
  seed?: number;
  /** Prepended to every sequence; `null` for none. Default 1. */
  startChar?: number | null;
  /** Replaces the words cut by `numWords` / `skipTop`; `null` drops them instead. Default 2. */
  oovChar?: number | null;
  /** Added to every word index. Default 3. */
  indexFrom?: number;
}

/** The resolved options, validated. */
export interface ResolvedSequenceOptions {
  numWords: number | null;
  skipTop: number;
  maxlen: number | null;
  seed: number;
  startChar: number | null;
  oovChar: number | null;
  indexFrom: number;
}

export function resolveSequenceOptions(o: SequenceOptions, who: string): ResolvedSequenceOptions {
  const int = (name: string, v: unknown, min: number) => {
    if (!Number.isInteger(v) || (v as number) < min) {
      throw new ConfigError(`Invalid \`${name}\` for ${who}: expected an integer >= ${min}, received ${describeValue(v)}.`);
    }
    return v as number;
  };
  const opt = (name: string, v: unknown, def: number | null, min: number) => (v === undefined ? def : v === null ? null : int(name, v, min));
  return {
    numWords: opt('numWords', o.numWords, null, 1),
    skipTop: int('skipTop', o.skipTop ?? 0, 0),
    maxlen: opt('maxlen', o.maxlen, null, 1),
    seed: int('seed', o.seed ?? 113, 0),
    startChar: opt('startChar', o.startChar, 1, 0),
    oovChar: opt('oovChar', o.oovChar, 2, 0),
    indexFrom: int('indexFrom', o.indexFrom ?? 3, 0),
  };
}

/** An object array of int lists (Keras' pickled sequences) as Int32Array rows. */
export function toSequences(a: NDArray | ObjectArray | undefined, what: string): Sequences {
  if (a === undefined || a.dtype !== 'object' || a.shape.length !== 1) {
    throw new FormatError(`Invalid ${what}: expected a 1-D object array of int lists, received ${a === undefined ? 'nothing' : `${a.dtype} ${describeValue(a.shape)}`}.`);
  }
  return (a.data as unknown[]).map((row, i) => {
    if (!Array.isArray(row) || !row.every((v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31)) {
      throw new FormatError(`Invalid ${what}: row ${i} is not a list of int32 values (${describeValue(row)}).`);
    }
    return Int32Array.from(row as number[]);
  });
}

/** Integer labels (any numeric dtype) as int32. */
export function toLabels(a: NDArray | ObjectArray | undefined, n: number, what: string): Int32Array {
  if (a === undefined || a.dtype === 'object' || a.shape.length !== 1 || a.shape[0] !== n) {
    throw new FormatError(`Invalid ${what}: expected ${n} integer labels, received ${a === undefined ? 'nothing' : `${a.dtype} ${describeValue(a.shape)}`}.`);
  }
  return Int32Array.from(a.data as ArrayLike<number | bigint>, Number);
}

/** `x[indices]`. */
export function take<T>(rows: T[], order: Int32Array): T[] {
  return Array.from(order, (i) => rows[i]!);
}

/** `labels[indices]`. */
export function takeLabels(labels: Int32Array, order: Int32Array): Int32Array {
  return Int32Array.from(order, (i) => labels[i]!);
}

/**
 * Keras' steps after the shuffle, in its order: prepend `startChar` and add `indexFrom`;
 * drop sequences with `len >= maxlen`; `numWords` defaults to the largest index; words
 * outside `skipTop <= w < numWords` become `oovChar` (or are dropped).
 * `groups` are the splits (train, test) processed together, as Keras concatenates them.
 */
export function kerasSequences(
  groups: { x: Sequences; y: Int32Array }[], o: ResolvedSequenceOptions, who: string,
): { x: Sequences; y: Int32Array }[] {
  let out = groups.map(({ x, y }) => ({
    x: x.map((s) => {
      const shift = o.startChar !== null ? 1 : 0;
      const r = new Int32Array(s.length + shift);
      if (o.startChar !== null) r[0] = o.startChar;
      for (let i = 0; i < s.length; i++) r[i + shift] = s[i]! + o.indexFrom;
      return r;
    }),
    y,
  }));
  if (o.maxlen !== null) {
    const maxlen = o.maxlen;
    out = out.map(({ x, y }) => {
      const keep = x.map((s, i) => (s.length < maxlen ? i : -1)).filter((i) => i >= 0);
      return { x: keep.map((i) => x[i]!), y: Int32Array.from(keep, (i) => y[i]!) };
    });
    if (out.some((g) => g.x.length === 0)) {
      throw new ConfigError(`Invalid \`maxlen\` for ${who}: after keeping sequences shorter than maxlen=${maxlen}, a split is empty; increase maxlen.`);
    }
  }
  let numWords = o.numWords;
  if (numWords === null) {
    numWords = 0;
    for (const g of out) for (const s of g.x) for (const w of s) if (w > numWords) numWords = w;
  }
  const nw = numWords;
  return out.map(({ x, y }) => ({
    x: pack(x.map((s) => {
      if (o.oovChar !== null) {
        const oov = o.oovChar;
        return s.map((w) => (o.skipTop <= w && w < nw ? w : oov));
      }
      return s.filter((w) => o.skipTop <= w && w < nw);
    })),
    y,
  }));
}

/** Copies rows into one buffer and returns views into it (compact, one allocation). */
export function pack(rows: Int32Array[]): Sequences {
  let total = 0;
  for (const r of rows) total += r.length;
  const buf = new Int32Array(total);
  let p = 0;
  return rows.map((r) => {
    buf.set(r, p);
    const v = buf.subarray(p, p + r.length);
    p += r.length;
    return v;
  });
}
