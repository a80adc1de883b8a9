import { FormatError, describeValue } from '@dl/tensor';
import { bytesOf, checkNDArray, shapeSize, typedFromBytes, DTYPE_SIZE, type DType, type NDArray } from './ndarray';

/** The safetensors format's cap on the JSON header (100 MB), as in the Rust crate. */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

const CODE_OF: Record<DType, string> = {
  bool: 'BOOL', uint8: 'U8', int8: 'I8', uint16: 'U16', int16: 'I16', uint32: 'U32', int32: 'I32',
  uint64: 'U64', int64: 'I64', float16: 'F16', bfloat16: 'BF16', float32: 'F32', float64: 'F64',
};
const DTYPE_OF: Record<string, DType> = Object.fromEntries(Object.entries(CODE_OF).map(([d, c]) => [c, d as DType]));

/** A decoded safetensors file: the tensors by name and the `__metadata__` strings. */
export interface Safetensors {
  /** Tensor name to array (a null-prototype record: any name is safe). */
  tensors: Record<string, NDArray>;
  /** The `__metadata__` string map, or an empty record. */
  metadata: Record<string, string>;
}

/**
 * Writes a safetensors file: an 8-byte little-endian header length, the JSON header
 * (`dtype`, `shape`, `data_offsets` per tensor, optional `__metadata__`) padded with
 * spaces to a multiple of 8, then the tensors' bytes, contiguous, in the order given.
 *
 * @param tensors Name to array.
 * @param options `metadata`: string to string.
 * @returns The file's bytes (readable by the Python and Rust `safetensors` libraries).
 * @throws ConfigError for an inconsistent array; FormatError for a name `__metadata__`
 * or a non-string metadata value.
 *
 * @example
 * ```ts
 * const bytes = encodeSafetensors({ kernel: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } });
 * ```
 */
export function encodeSafetensors(tensors: Record<string, NDArray>, options: { metadata?: Record<string, string> } = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (options.metadata !== undefined) {
    for (const [k, v] of Object.entries(options.metadata)) {
      if (typeof v !== 'string') throw new FormatError(`Invalid safetensors metadata "${k}": expected a string, received ${describeValue(v)}.`);
    }
    header['__metadata__'] = options.metadata;
  }
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const [name, a] of Object.entries(tensors)) {
    if (name === '__metadata__') throw new FormatError('Invalid tensor name "__metadata__": the name is reserved by safetensors.');
    checkNDArray(a, `tensor "${name}"`);
    const bytes = bytesOf(a.data);
    Object.defineProperty(header, name, {
      value: { dtype: CODE_OF[a.dtype], shape: a.shape, data_offsets: [offset, offset + bytes.length] },
      enumerable: true, configurable: true, writable: true,
    });
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let p = 8 + headerBytes.length;
  for (const b of parts) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

/**
 * Reads a safetensors file with the Rust crate's validation: the header length within
 * the file and under {@link SAFETENSORS_MAX_HEADER}, UTF-8 JSON starting with `{`, known
 * dtypes, integer shapes, and `data_offsets` that tile the byte buffer exactly
 * (contiguous, no overlap, no hole, no trailing bytes), each of the size its dtype and
 * shape need.
 *
 * @param bytes The whole file.
 * @param options `name` for messages.
 * @returns The tensors (copies, aligned) and the metadata.
 * @throws FormatError naming the file and the tensor for every violation.
 *
 * @example
 * ```ts
 * const { tensors } = decodeSafetensors(encodeSafetensors({ b: { dtype: 'int32', shape: [1], data: new Int32Array([5]) } }));
 * tensors['b']?.data; // Int32Array [5]
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array, options: { name?: string } = {}): Safetensors {
  const name = options.name ?? 'model.safetensors';
  const bad = (what: string): never => {
    throw new FormatError(`Invalid safetensors file "${name}": ${what}.`);
  };
  if (bytes.length < 8) bad(`expected at least 8 bytes (the header length), received ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(SAFETENSORS_MAX_HEADER)) bad(`the header declares ${n64} bytes, over the limit of ${SAFETENSORS_MAX_HEADER}`);
  const n = Number(n64);
  if (8 + n > bytes.length) bad(`the header declares ${n} bytes, but the file has only ${bytes.length - 8} after the length`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    bad('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) bad(`the header must start with "{", received ${describeValue(text.slice(0, 20))}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return bad(`the header is not JSON (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) bad('the header is not a JSON object');
  const metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  const tensors: Record<string, NDArray> = Object.create(null) as Record<string, NDArray>;
  const infos: { key: string; dtype: DType; shape: number[]; begin: number; end: number }[] = [];
  for (const [key, info] of Object.entries(parsed as Record<string, unknown>)) {
    if (key === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info)) bad('__metadata__ must be an object of strings');
      for (const [mk, mv] of Object.entries(info as Record<string, unknown>)) {
        if (typeof mv !== 'string') bad(`__metadata__ "${mk}" must be a string, received ${describeValue(mv)}`);
        metadata[mk] = mv as string;
      }
      continue;
    }
    const t = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (t === null || typeof t !== 'object') bad(`tensor "${key}" is not an object`);
    const dtype = typeof t!.dtype === 'string' ? DTYPE_OF[t!.dtype] : undefined;
    if (dtype === undefined) bad(`tensor "${key}" has dtype ${describeValue(t!.dtype)}; expected one of ${Object.keys(DTYPE_OF).join(', ')}`);
    if (!Array.isArray(t!.shape)) bad(`tensor "${key}" has shape ${describeValue(t!.shape)}; expected an array`);
    const offs = t!.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
      bad(`tensor "${key}" has data_offsets ${describeValue(offs)}; expected [begin, end] non-negative integers`);
    }
    const [begin, end] = offs as [number, number];
    if (end < begin) bad(`tensor "${key}" has data_offsets [${begin}, ${end}] with end < begin`);
    infos.push({ key, dtype: dtype!, shape: t!.shape as number[], begin, end });
  }
  const bufferStart = 8 + n;
  const bufferLen = bytes.length - bufferStart;
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let running = 0;
  for (const t of infos) {
    if (t.begin !== running) {
      bad(t.begin < running
        ? `tensor "${t.key}" at data_offsets [${t.begin}, ${t.end}] overlaps the previous tensor (ending at ${running})`
        : `a hole of ${t.begin - running} bytes before tensor "${t.key}" (data_offsets [${t.begin}, ${t.end}])`);
    }
    const count = shapeSize(t.shape, `safetensors file "${name}", tensor "${t.key}"`);
    const need = count * DTYPE_SIZE[t.dtype];
    if (!Number.isSafeInteger(need) || t.end - t.begin !== need) {
      bad(`tensor "${t.key}" of ${t.dtype} ${describeValue(t.shape)} needs ${need} bytes, data_offsets [${t.begin}, ${t.end}] hold ${t.end - t.begin}`);
    }
    if (t.end > bufferLen) bad(`tensor "${t.key}" ends at ${t.end}, past the ${bufferLen}-byte buffer (truncated file)`);
    running = t.end;
    tensors[t.key] = { dtype: t.dtype, shape: t.shape.slice(), data: typedFromBytes(t.dtype, bytes, bufferStart + t.begin, count) } as NDArray;
  }
  if (running !== bufferLen) bad(`${bufferLen - running} bytes after the last tensor are not covered by any data_offsets`);
  return { tensors, metadata };
}
