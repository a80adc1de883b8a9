// Test helper (not exported): the fixture files and what Keras' loaders return for them.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FIXTURES = new URL('../fixtures/files/', import.meta.url);

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

type Seqs = [number[][], number[]];
export interface Expected {
  mt19937: { raw: Record<string, number[]>; permutation: Record<string, number[]>; two_shuffles: Record<string, [number[], number[]]> };
  mnist: Record<string, { shape: number[]; sum: number; head: number[] }>;
  imdb: Record<string, { options: Record<string, number | null>; train: Seqs; test: Seqs }>;
  reuters: Record<string, { options: Record<string, number | null>; train: Seqs; test: Seqs }>;
  boston: Record<string, { options: Record<string, number>; train: [number[][], number[]]; test: [number[][], number[]] }>;
  california: Record<string, { train_y: number[]; test_y: number[]; train_x0: number[]; n: [number, number] }>;
  fashion: { yTrain: number[]; yTest: number[]; xTrainSum: number; xTest0: number[] };
  cifar10: Record<'train' | 'test', CifarExpected>;
  cifar100: Record<'fine' | 'coarse', Record<'train' | 'test', CifarExpected>>;
  sha256: Record<string, string>;
  md5: Record<string, string>;
}
export interface CifarExpected { shape: number[]; y: number[]; pixel: number[]; head: number[]; first_chw_head: number[] }

export const expected = JSON.parse(readFileSync(new URL('../fixtures/expected.json', import.meta.url), 'utf8')) as Expected;

/** A static server on 127.0.0.1 for the fixture files, counting requests. */
export async function serveFixtures(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    requests.push(name);
    try {
      const body = fixture(name.replace(/^.*\//, ''));
      res.writeHead(200, { 'content-length': body.length, etag: `"${name}"` }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
