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
    const bad = () => new FormatError(`Invalid ${what}: row ${i} is not a list of int32 values (${describeValue(row)}).`);
    if (!Array.isArray(row)) throw bad();
    const out = new Int32Array(row.length);
    for (let j = 0; j < row.length; j++) {
      const v = row[j] as number;
      if (typeof v !== 'number' || (v | 0) !== v) throw bad();
      out[j] = v;
    }
    return out;
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
  const shift = o.startChar !== null ? 1 : 0;
  // 1. maxlen, counted after startChar (Keras keeps len < maxlen).
  const kept = groups.map(({ x, y }) => {
    if (o.maxlen === null) return { x, y };
    const maxlen = o.maxlen;
    const keep: number[] = [];
    for (let i = 0; i < x.length; i++) if (x[i]!.length + shift < maxlen) keep.push(i);
    return { x: keep.map((i) => x[i]!), y: Int32Array.from(keep, (i) => y[i]!) };
  });
  if (o.maxlen !== null && kept.some((g) => g.x.length === 0)) {
    throw new ConfigError(`Invalid \`maxlen\` for ${who}: after keeping sequences shorter than maxlen=${o.maxlen}, a split is empty; increase maxlen.`);
  }
  // 2. numWords defaults to the largest index after startChar and indexFrom.
  let numWords = o.numWords;
  if (numWords === null) {
    numWords = o.startChar ?? -Infinity;
    for (const g of kept) for (const s of g.x) for (let i = 0; i < s.length; i++) if (s[i]! + o.indexFrom > numWords) numWords = s[i]! + o.indexFrom;
  }
  // 3. prepend startChar, add indexFrom, and map (or drop) words outside [skipTop, numWords).
  const { skipTop, oovChar, startChar, indexFrom } = o;
  const inRange = (w: number) => skipTop <= w && w < numWords!;
  return kept.map(({ x, y }) => {
    let total = 0;
    for (const s of x) total += s.length + shift;
    const buf = new Int32Array(total);
    const rows: Sequences = [];
    let p = 0;
    for (const s of x) {
      const start = p;
      if (startChar !== null) {
        if (inRange(startChar)) buf[p++] = startChar;
        else if (oovChar !== null) buf[p++] = oovChar;
      }
      for (let i = 0; i < s.length; i++) {
        const w = s[i]! + indexFrom;
        if (inRange(w)) buf[p++] = w;
        else if (oovChar !== null) buf[p++] = oovChar;
      }
      rows.push(buf.subarray(start, p));
    }
    return { x: oovChar === null ? pack(rows) : rows, y };
  });
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
