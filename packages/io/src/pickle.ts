import { FormatError, describeValue } from '@dl/tensor';
import { DTYPE_SIZE, shapeSize, typedFromBytes, type DType } from './ndarray';

/** Options of {@link unpickle}. */
export interface UnpickleOptions {
  /** The file name used in error messages. Default `"data.pkl"`. */
  name?: string;
}

/**
 * The Python globals the unpickler will construct, as `"module.name"`. Nothing else
 * can be named by a pickle: a `GLOBAL` outside this list is an error, before any call.
 */
export const PICKLE_ALLOWLIST: readonly string[] = [
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar',
  'numpy.ndarray',
  'numpy.dtype',
  '_codecs.encode',
];

const MAX_MEMO = 1 << 20;

class Global {
  constructor(readonly path: string) {}
}
class DTypeObj {
  byteorder = '<';
  constructor(readonly code: string) {}
}
/** A numpy array under construction (`_reconstruct`, then `BUILD`). */
class PickledArray {
  dtype: string = 'object';
  shape: number[] = [];
  data: unknown = [];
  built = false;
}

const NP_DTYPES: Record<string, DType> = {
  b1: 'bool', u1: 'uint8', i1: 'int8', u2: 'uint16', i2: 'int16', u4: 'uint32', i4: 'int32',
  u8: 'uint64', i8: 'int64', f2: 'float16', f4: 'float32', f8: 'float64',
};

/**
 * Reads a Python pickle (protocols 2 to 5) with a strict allowlist, like Keras'
 * `RestrictedUnpickler`: it builds lists, tuples (as arrays), dicts (as `Map`s, bytes
 * keys decoded as latin-1), strings, bytes (`Uint8Array`), numbers (`bigint` past 2^53),
 * booleans, `null`, and numpy arrays named in {@link PICKLE_ALLOWLIST} (as
 * `{ dtype, shape, data }`, numeric data in a typed array, object arrays as an array).
 * It never calls anything else: any other global, `__reduce__` or extension opcode is a
 * FormatError. This is what reads the review lists in `imdb.npz` / `reuters.npz` and
 * the CIFAR batches.
 *
 * @param bytes The pickle.
 * @param options `name` for messages.
 * @returns The unpickled value.
 * @throws FormatError naming the file and the offset: a global outside the allowlist,
 * an unsupported opcode, truncated data, an array whose bytes do not match its shape.
 *
 * @example
 * ```ts
 * unpickle(new Uint8Array([0x80, 2, 0x4b, 7, 0x2e])); // 7
 * ```
 */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): unknown {
  const name = options.name ?? 'data.pkl';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;
  let op: number;
  const fail = (what: string): never => {
    throw new FormatError(`Invalid pickle "${name}" at byte ${pos}: ${what}.`);
  };
  const need = (n: number) => {
    if (n < 0 || pos + n > bytes.length) fail(`truncated: needs ${n} more bytes, ${bytes.length - pos} left`);
  };
  const take = (n: number) => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const u8 = () => {
    need(1);
    return bytes[pos++]!;
  };
  const u32 = () => {
    need(4);
    pos += 4;
    return view.getUint32(pos - 4, true);
  };
  const u64 = () => {
    need(8);
    pos += 8;
    const v = view.getBigUint64(pos - 8, true);
    if (v > BigInt(bytes.length)) fail(`a length of ${v} bytes exceeds the pickle`);
    return Number(v);
  };
  const pop = (): unknown => (stack.length === 0 ? fail('stack underflow') : stack.pop());
  const top = (): unknown => (stack.length === 0 ? fail('stack underflow') : stack[stack.length - 1]);
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) fail('no MARK on the stack');
    return stack.splice(m!);
  };
  const readLine = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('truncated GLOBAL');
    const s = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const asText = (v: unknown): string => (v instanceof Uint8Array ? latin1.decode(v) : typeof v === 'string' ? v : fail(`expected a string, received ${describeValue(v)}`));
  const global = (module: string, attr: string) => {
    const path = `${module}.${attr}`;
    if (!PICKLE_ALLOWLIST.includes(path)) {
      fail(`refusing to construct "${path}": only ${PICKLE_ALLOWLIST.join(', ')} may be named`);
    }
    return new Global(path);
  };
  const memoPut = (i: number) => {
    if (memo.size >= MAX_MEMO && !memo.has(i)) fail('too many memo entries');
    memo.set(i, top());
  };
  const memoGet = (i: number) => (memo.has(i) ? memo.get(i) : fail(`memo key ${i} was never stored`));
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : fail(`expected a list, received ${describeValue(v)}`));
  const setItems = (d: unknown, items: unknown[]) => {
    if (!(d instanceof Map)) fail(`SETITEM(S) on ${describeValue(d)}, not a dict`);
    for (let i = 0; i + 1 < items.length; i += 2) {
      const k = items[i];
      (d as Map<unknown, unknown>).set(k instanceof Uint8Array ? latin1.decode(k) : k, items[i + 1]);
    }
  };

  const call = (fn: unknown, args: unknown): unknown => {
    if (!(fn instanceof Global)) fail(`REDUCE on ${describeValue(fn)}, not an allowed global`);
    const a = list(args);
    switch ((fn as Global).path) {
      case 'numpy.core.multiarray._reconstruct':
      case 'numpy._core.multiarray._reconstruct':
        if (!(a[0] instanceof Global) || a[0].path !== 'numpy.ndarray') fail('_reconstruct of something other than numpy.ndarray');
        return new PickledArray();
      case 'numpy.dtype':
        return new DTypeObj(asText(a[0]));
      case 'numpy.core.multiarray.scalar':
      case 'numpy._core.multiarray.scalar': {
        const dt = a[0];
        const raw = a[1] as Uint8Array;
        if (!(dt instanceof DTypeObj) || !(raw instanceof Uint8Array)) fail('scalar() with unexpected arguments');
        const { dtype, big } = npDtype(dt as DTypeObj);
        if (raw.length !== DTYPE_SIZE[dtype]) fail(`scalar of ${dtype} with ${raw.length} bytes`);
        const v = typedFromBytes(dtype, raw, 0, 1, big)[0]!;
        return typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case '_codecs.encode': {
        const s = a[0];
        const enc = a[1];
        if (typeof s !== 'string' || (enc !== 'latin1' && enc !== 'latin-1')) fail('_codecs.encode with arguments other than (str, "latin1")');
        const out = new Uint8Array((s as string).length);
        for (let i = 0; i < out.length; i++) {
          const c = (s as string).charCodeAt(i);
          if (c > 255) fail('_codecs.encode of a non-latin-1 string');
          out[i] = c;
        }
        return out;
      }
      default:
        return fail(`cannot call "${(fn as Global).path}"`);
    }
  };
  const npDtype = (dt: DTypeObj): { dtype: DType; big: boolean } => {
    const code = dt.code.replace(/^[<>|=]/, '');
    const dtype = NP_DTYPES[code];
    if (dtype === undefined) fail(`unsupported numpy dtype "${dt.code}"`);
    return { dtype: dtype!, big: dt.byteorder === '>' || dt.code.startsWith('>') };
  };
  const build = (obj: unknown, state: unknown) => {
    if (obj instanceof DTypeObj) {
      const s = list(state);
      if (s[1] !== undefined) obj.byteorder = asText(s[1]);
      return;
    }
    if (!(obj instanceof PickledArray) || obj.built) fail(`BUILD on ${describeValue(obj)}`);
    const arr = obj as PickledArray;
    const s = list(state);
    const shape = list(s[1]);
    const dt = s[2];
    const fortran = s[3];
    const raw = s[4];
    if (!(dt instanceof DTypeObj)) fail('ndarray state without a dtype');
    if (fortran === true && shape.length > 1) fail('Fortran-ordered pickled arrays are not supported');
    const count = shapeSize(shape, `pickle "${name}"`);
    arr.shape = shape as number[];
    arr.built = true;
    if ((dt as DTypeObj).code === 'O8' || (dt as DTypeObj).code === 'O4' || (dt as DTypeObj).code === 'O') {
      const items = list(raw);
      if (items.length !== count) fail(`object array of shape ${describeValue(shape)} with ${items.length} items`);
      arr.dtype = 'object';
      arr.data = items;
      return;
    }
    const { dtype, big } = npDtype(dt as DTypeObj);
    const rawBytes = raw instanceof Uint8Array ? raw : typeof raw === 'string' ? call(new Global('_codecs.encode'), [raw, 'latin1']) as Uint8Array : fail('ndarray data is not bytes');
    if (rawBytes.length !== count * DTYPE_SIZE[dtype]) {
      fail(`array of shape ${describeValue(shape)} and dtype ${dtype} needs ${count * DTYPE_SIZE[dtype]} bytes, the pickle has ${rawBytes.length}`);
    }
    arr.dtype = dtype;
    arr.data = typedFromBytes(dtype, rawBytes, 0, count, big);
  };

  for (;;) {
    need(1);
    op = bytes[pos++]!;
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME
      case 0x2e: { // STOP
        const v = pop();
        return finish(v);
      }
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x4e: stack.push(null); break;
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x4a: need(4); stack.push(view.getInt32(pos, true)); pos += 4; break; // BININT
      case 0x4b: need(1); stack.push(bytes[pos++]!); break; // BININT1
      case 0x4d: need(2); stack.push(view.getUint16(pos, true)); pos += 2; break; // BININT2
      case 0x8a: stack.push(decodeLong(take(u8()))); break; // LONG1
      case 0x8b: stack.push(decodeLong(take(u32()))); break; // LONG4
      case 0x47: need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break; // BINFLOAT
      case 0x55: stack.push(take(u8()).slice()); break; // SHORT_BINSTRING (py2 str, as bytes)
      case 0x54: stack.push(take(u32()).slice()); break; // BINSTRING
      case 0x43: stack.push(take(u8()).slice()); break; // SHORT_BINBYTES
      case 0x42: stack.push(take(u32()).slice()); break; // BINBYTES
      case 0x8e: stack.push(take(u64()).slice()); break; // BINBYTES8
      case 0x8c: case 0x58: case 0x8d: { // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
        const n = op === 0x8c ? u8() : op === 0x58 ? u32() : u64();
        const raw = take(n);
        try {
          stack.push(utf8.decode(raw));
        } catch {
          fail('a string is not valid UTF-8');
        }
        break;
      }
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x61: { const v = pop(); list(top()).push(v); break; } // APPEND
      case 0x65: { // APPENDS
        const items = popMark();
        const target = list(top());
        for (let i = 0; i < items.length; i++) target.push(items[i]);
        break;
      }
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break;
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b]); break; }
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c]); break; }
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x64: { const d = new Map(); setItems(d, popMark()); stack.push(d); break; } // DICT
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x71: memoPut(u8()); break; // BINPUT
      case 0x72: memoPut(u32()); break; // LONG_BINPUT
      case 0x94: memoPut(memo.size); break; // MEMOIZE
      case 0x68: stack.push(memoGet(u8())); break; // BINGET
      case 0x6a: stack.push(memoGet(u32())); break; // LONG_BINGET
      case 0x63: { const m = readLine(); const a = readLine(); stack.push(global(m, a)); break; } // GLOBAL
      case 0x93: { const a = pop(); const m = pop(); stack.push(global(asText(m), asText(a))); break; } // STACK_GLOBAL
      case 0x52: { const args = pop(); const fn = pop(); stack.push(call(fn, args)); break; } // REDUCE
      case 0x81: { const args = pop(); const cls = pop(); stack.push(call(cls, args)); break; } // NEWOBJ
      case 0x62: { const state = pop(); build(top(), state); break; } // BUILD
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      default:
        pos--;
        fail(`unsupported opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
    if (stack.length > 16_777_216) fail('stack too deep');
  }

  function finish(v: unknown): unknown {
    if (pos !== bytes.length && !(pos < bytes.length)) fail('read past the end');
    return unwrap(v, new Set());
  }
  function unwrap(v: unknown, seen: Set<unknown>): unknown {
    if (v instanceof PickledArray) {
      if (!v.built) fail('an ndarray was never filled in (no BUILD)');
      const out = { dtype: v.dtype, shape: v.shape, data: v.data };
      if (Array.isArray(v.data)) out.data = v.data.map((x) => unwrap(x, seen));
      return out;
    }
    if (v instanceof Global || v instanceof DTypeObj) fail(`a bare ${v instanceof Global ? v.path : 'dtype'} is not data`);
    if (Array.isArray(v)) {
      if (seen.has(v)) fail('a recursive structure');
      seen.add(v);
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === 'object' && x !== null && !(x instanceof Uint8Array)) v[i] = unwrap(x, seen);
      }
      seen.delete(v);
      return v;
    }
    if (v instanceof Map) {
      if (seen.has(v)) fail('a recursive structure');
      seen.add(v);
      for (const [k, x] of v) v.set(k, unwrap(x, seen));
      seen.delete(v);
    }
    return v;
  }
}

function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
