// Test helper (not exported): the NumPy-made fixture files and their expected values.
import { readFileSync } from 'node:fs';

export const FIXTURES = new URL('../fixtures/files/', import.meta.url);

/** A fixture file's bytes. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

export interface Expected {
  npy: Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>;
  npz: Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>;
  objects: { x: number[][]; y: number[] };
  cifar: { labels: number[]; shape: number[]; sum: number; first: number[]; last: number[] };
  safetensors: Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>;
  idx: { images: { shape: number[]; sum: number; first: number[] }; labels: number[]; floats: { shape: number[]; values: number[] } };
  sha256: Record<string, string>;
  md5: Record<string, string>;
}

export const expected = JSON.parse(readFileSync(new URL('../fixtures/expected.json', import.meta.url), 'utf8')) as Expected;

/** Typed-array values as the fixtures write them (int64 as decimal strings, bool as 0/1). */
export function plain(data: ArrayLike<number | bigint>): (number | string)[] {
  return Array.from(data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? v.toString() : v));
}
