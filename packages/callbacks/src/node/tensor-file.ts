import { FormatError, read, tensor, type Tensor } from '@dl/tensor';

const DTYPES = { float32: 'F32', int32: 'I32' } as const;

/**
 * Encodes named tensors as a safetensors file (8-byte little-endian header
 * length, a JSON header with `dtype`, `shape`, `data_offsets` per tensor and
 * string `__metadata__`, then the raw little-endian data).
 */
export async function encodeTensors(tensors: Record<string, Tensor>, metadata: Record<string, string>): Promise<Uint8Array> {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const dtype = DTYPES[t.dtype as keyof typeof DTYPES];
    if (dtype === undefined) throw new FormatError(`Invalid tensor "${name}" for a backup: expected dtype float32 or int32, received ${t.dtype}.`);
    const data = await read(t);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Decodes `encodeTensors`' output; every check runs before any tensor is made. */
export function decodeTensors(bytes: Uint8Array, file: string): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const fail = (what: string) => new FormatError(`Invalid backup file "${file}": ${what}.`);
  if (bytes.length < 8) throw fail(`expected at least 8 bytes, received ${bytes.length}`);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  if (n > bytes.length - 8) throw fail(`expected a header of ${n} bytes, but the file holds ${bytes.length - 8} after the length`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  } catch (e) {
    throw fail(`the header is not JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw fail('expected a JSON object header');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const specs: [string, { dtype: string; shape: number[]; data_offsets: [number, number] }][] = [];
  let expectedStart = 0;
  for (const [name, spec] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const s = spec as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const shape = s.shape, off = s.data_offsets;
    if ((s.dtype !== 'F32' && s.dtype !== 'I32') || !Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)
      || !Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d))) {
      throw fail(`tensor "${name}" has a malformed entry ${JSON.stringify(spec)}`);
    }
    const size = (shape as number[]).reduce((a, b) => a * b, 1) * 4;
    const [b, e] = off as [number, number];
    if (b !== expectedStart || e - b !== size || e > dataLength) {
      throw fail(`tensor "${name}" expected bytes [${expectedStart}, ${expectedStart + size}) of ${dataLength}, received [${b}, ${e})`);
    }
    expectedStart = e;
    specs.push([name, s as { dtype: string; shape: number[]; data_offsets: [number, number] }]);
  }
  if (expectedStart !== dataLength) throw fail(`expected ${expectedStart} bytes of data, received ${dataLength}`);
  const meta = header['__metadata__'];
  const metadata: Record<string, string> = {};
  if (meta !== undefined) {
    if (meta === null || typeof meta !== 'object') throw fail('__metadata__ is not an object');
    for (const [k, v] of Object.entries(meta)) {
      if (typeof v !== 'string') throw fail(`__metadata__.${k} is not a string`);
      metadata[k] = v;
    }
  }
  const tensors: Record<string, Tensor> = {};
  for (const [name, s] of specs) {
    const [b, e] = s.data_offsets;
    const raw = new Uint8Array(e - b); // a copy (Buffer.slice would be a view)
    raw.set(bytes.subarray(dataStart + b, dataStart + e));
    const data = s.dtype === 'F32' ? new Float32Array(raw.buffer) : new Int32Array(raw.buffer);
    tensors[name] = tensor(data, s.shape, s.dtype === 'F32' ? 'float32' : 'int32');
  }
  return { tensors, metadata };
}
