// TensorBoard's event files, read back with an independent decoder written here from the
// TFRecord and protobuf specifications: the record framing, the masked CRC32C of the length
// and of the data (checked with a bitwise CRC32C verified against the RFC 3720 vectors), and
// the Event / Summary / HistogramProto fields.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@dl/tensor';
import { TensorBoard } from '@dl/callbacks/node';
import { TinyModel, fit, makeData } from '../test-helpers/train.mjs';

const root = mkdtempSync(path.join(tmpdir(), 'dl-callbacks-tb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** CRC32C bit by bit (no table), reflected polynomial 0x82F63B78. */
function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
const masked = (bytes: Uint8Array) => {
  const c = crc32c(bytes);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
};

type Field = { field: number; wire: number; value: bigint | Uint8Array };

/** A generic protobuf decoder: every field with its wire type. */
function decode(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = () => {
    let x = 0n, shift = 0n;
    for (;;) {
      const b = bytes[i++]!;
      x |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return x;
      shift += 7n;
    }
  };
  while (i < bytes.length) {
    const key = Number(varint());
    const field = key >> 3, wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1) { out.push({ field, wire, value: bytes.subarray(i, i + 8) }); i += 8; }
    else if (wire === 5) { out.push({ field, wire, value: bytes.subarray(i, i + 4) }); i += 4; }
    else if (wire === 2) { const n = Number(varint()); out.push({ field, wire, value: bytes.subarray(i, i + n) }); i += n; }
    else throw new Error(`wire type ${wire}`);
  }
  expect(i).toBe(bytes.length);
  return out;
}
const f64 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
const f32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const one = (fields: Field[], n: number) => fields.find((f) => f.field === n)?.value;

interface Event { wallTime: number; step: number; fileVersion?: string; scalars: Record<string, number>; histos: Record<string, Field[]> }

/** Reads a tfevents file: checks every record's framing and CRCs, decodes each Event. */
function readEvents(file: string): Event[] {
  const buf = new Uint8Array(readFileSync(file));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const events: Event[] = [];
  let at = 0;
  while (at < buf.length) {
    const len = Number(view.getBigUint64(at, true));
    expect(view.getUint32(at + 8, true)).toBe(masked(buf.subarray(at, at + 8)));
    const data = buf.subarray(at + 12, at + 12 + len);
    expect(view.getUint32(at + 12 + len, true)).toBe(masked(data));
    at += 16 + len;
    const fields = decode(data);
    const ev: Event = { wallTime: f64(one(fields, 1) as Uint8Array), step: Number(one(fields, 2) ?? 0n), scalars: {}, histos: {} };
    const fv = one(fields, 3);
    if (fv !== undefined) ev.fileVersion = text(fv as Uint8Array);
    const summary = one(fields, 5);
    if (summary !== undefined) {
      for (const v of decode(summary as Uint8Array).filter((x) => x.field === 1)) {
        const vf = decode(v.value as Uint8Array);
        const tag = text(one(vf, 1) as Uint8Array);
        const simple = one(vf, 2);
        if (simple !== undefined) ev.scalars[tag] = f32(simple as Uint8Array);
        const histo = one(vf, 5);
        if (histo !== undefined) ev.histos[tag] = decode(histo as Uint8Array);
      }
    }
    events.push(ev);
  }
  expect(at).toBe(buf.length);
  return events;
}

describe('TensorBoard', () => {
  it('the test\'s CRC32C matches the known vectors (RFC 3720 B.4, and "123456789")', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('writes event files TensorBoard reads: framing, masked CRCs, file version, epoch and batch scalars, histograms', async () => {
    const logDir = path.join(root, 'run');
    const { x, y } = makeData(32, 3);
    const model = new TinyModel({ seed: 2 });
    const history = await fit(model, x, y, {
      epochs: 3, batchSize: 8,
      callbacks: [new TensorBoard({ logDir, histogramFreq: 2, updateFreq: 3 })],
    });
    const files = readdirSync(path.join(logDir, 'train'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^events\.out\.tfevents\.\d+\..+\.\d+\.\d+\.v2$/);
    const events = readEvents(path.join(logDir, 'train', files[0]!));
    expect(events[0]!.fileVersion).toBe('brain.Event:2');
    expect(Math.abs(events[0]!.wallTime - Date.now() / 1000)).toBeLessThan(600);
    const epochEvents = events.filter((e) => 'epoch_loss' in e.scalars);
    expect(epochEvents.map((e) => e.step)).toEqual([0, 1, 2]);
    expect(epochEvents.map((e) => e.scalars['epoch_loss'])).toEqual(history.map((h) => Math.fround(h.loss!)));
    // Batch scalars every 3 batches, at global steps 3, 6, 9, 12 (4 batches an epoch).
    expect(events.filter((e) => 'batch_loss' in e.scalars).map((e) => e.step)).toEqual([3, 6, 9, 12]);
    // Histograms at epochs 0 and 2, one per weight; the counts and sums match the weights.
    const withHisto = events.filter((e) => Object.keys(e.histos).length > 0);
    expect(withHisto.map((e) => e.step)).toEqual([0, 2]);
    const h = withHisto[1]!.histos['weight_0']!;
    const w0 = Array.from(model.vars[0]!.dataSync());
    expect(f64(one(h, 3) as Uint8Array)).toBe(w0.length); // num
    expect(f64(one(h, 1) as Uint8Array)).toBe(Math.min(...w0)); // min
    expect(f64(one(h, 2) as Uint8Array)).toBe(Math.max(...w0)); // max
    expect(f64(one(h, 4) as Uint8Array)).toBeCloseTo(w0.reduce((a, b) => a + b, 0), 10); // sum
    const limits = one(h, 6) as Uint8Array, counts = one(h, 7) as Uint8Array;
    expect(limits.length).toBe(30 * 8);
    let total = 0;
    for (let i = 0; i < 30; i++) total += f64(counts.subarray(i * 8));
    expect(total).toBe(w0.length);
    expect(f64(limits.subarray(29 * 8))).toBe(Math.max(...w0));
  });

  it('puts val_ logs in validation/ without the prefix', async () => {
    const logDir = path.join(root, 'val');
    const tb = new TensorBoard({ logDir });
    tb.setParams({ epochs: 1, steps: 1 });
    tb.onTrainBegin();
    await tb.onEpochEnd(0, { loss: 0.5, val_loss: 0.25, val_accuracy: 0.75 });
    await tb.onTrainEnd();
    const [file] = readdirSync(path.join(logDir, 'validation'));
    const events = readEvents(path.join(logDir, 'validation', file!));
    expect(events[1]!.scalars).toEqual({ epoch_loss: 0.25, epoch_accuracy: 0.75 });
    expect(() => new TensorBoard({ updateFreq: 0 })).toThrow(ConfigError);
  });
});
