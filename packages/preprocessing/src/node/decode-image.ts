import { inflateSync } from 'node:zlib';
import { FormatError } from '@dl/tensor';

/** A decoded image: 8-bit pixels, row-major, `channels` per pixel. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a non-interlaced PNG (bit depths 1-16, gray, RGB, palette, with alpha). */
export function decodePng(bytes: Uint8Array, name: string): DecodedImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = 0;
  let palette: Uint8Array | null = null;
  let trns: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (pos + 8 <= bytes.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const body = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      depth = body[8]!;
      colorType = body[9]!;
      if (body[12] !== 0) throw new FormatError(`Unsupported PNG ${name}: expected a non-interlaced PNG, received an Adam7-interlaced one.`);
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') trns = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const samples = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (width === 0 || height === 0 || samples === undefined || ![1, 2, 4, 8, 16].includes(depth)) {
    throw new FormatError(`Invalid PNG ${name}: expected an IHDR with a known color type and bit depth, received color type ${colorType}, depth ${depth}.`);
  }
  const total = idat.reduce((a, b) => a + b.length, 0);
  const joined = new Uint8Array(total);
  let off = 0;
  for (const c of idat) {
    joined.set(c, off);
    off += c.length;
  }
  let raw: Uint8Array;
  try {
    raw = inflateSync(joined);
  } catch (e) {
    throw new FormatError(`Invalid PNG ${name}: its image data does not inflate.`, { cause: e });
  }
  const bpp = Math.max(1, (samples * depth) >> 3);
  const stride = Math.ceil((width * samples * depth) / 8);
  if (raw.length < height * (stride + 1)) throw new FormatError(`Invalid PNG ${name}: expected ${height * (stride + 1)} bytes of image data, received ${raw.length}.`);
  const lines = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = lines.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? lines.subarray((y - 1) * stride, y * stride) : null;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[x - bpp]! : 0;
      const b = prev ? prev[x]! : 0;
      const c = prev && x >= bpp ? prev[x - bpp]! : 0;
      const v = src[x]!;
      out[x] = (filter === 0 ? v : filter === 1 ? v + a : filter === 2 ? v + b : filter === 3 ? v + ((a + b) >> 1) : v + paeth(a, b, c)) & 0xff;
    }
  }
  // Samples to 8 bits.
  const sample = (y: number, i: number): number => {
    const row = y * stride;
    if (depth === 8) return lines[row + i]!;
    if (depth === 16) return lines[row + 2 * i]!;
    const bit = i * depth;
    const v = (lines[row + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    return colorType === 3 ? v : Math.round((v * 255) / ((1 << depth) - 1));
  };
  if (colorType === 3) {
    if (palette === null) throw new FormatError(`Invalid PNG ${name}: expected a PLTE chunk for a palette image, received none.`);
    const alpha = trns !== null;
    const ch = alpha ? 4 : 3;
    const data = new Uint8Array(width * height * ch);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const k = sample(y, x);
        const o = (y * width + x) * ch;
        data[o] = palette[3 * k] ?? 0;
        data[o + 1] = palette[3 * k + 1] ?? 0;
        data[o + 2] = palette[3 * k + 2] ?? 0;
        if (alpha) data[o + 3] = trns![k] ?? 255;
      }
    }
    return { width, height, channels: ch, data };
  }
  const data = new Uint8Array(width * height * samples);
  for (let y = 0; y < height; y++) for (let i = 0; i < width * samples; i++) data[y * width * samples + i] = sample(y, i);
  return { width, height, channels: samples as 1 | 2 | 3 | 4, data };
}

/** Decodes a PNG or a JPEG (by its signature). JPEG goes through jpeg-js, loaded on first use. */
export async function decodeImage(bytes: Uint8Array, name: string): Promise<DecodedImage> {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return decodePng(bytes, name);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const mod = (await import('jpeg-js')) as unknown as { decode?: typeof import('jpeg-js').decode; default?: { decode: typeof import('jpeg-js').decode } };
    const decode = mod.decode ?? mod.default!.decode;
    try {
      const img = decode(bytes, { useTArray: true, formatAsRGBA: false });
      const channels = img.data.length / (img.width * img.height);
      if (channels !== 1 && channels !== 3) throw new Error(`${channels} channels`);
      return { width: img.width, height: img.height, channels, data: img.data };
    } catch (e) {
      throw new FormatError(`Invalid JPEG ${name}: it does not decode (${(e as Error).message}).`, { cause: e });
    }
  }
  throw new FormatError(`Unsupported image ${name}: expected a PNG or JPEG file, received other bytes (BMP and GIF are not supported).`);
}

/** Converts to 1 (grayscale, ITU-R 601 luma as libjpeg), 3 (RGB) or 4 (RGBA) channels. */
export function toChannels(img: DecodedImage, channels: 1 | 3 | 4): Uint8Array {
  const n = img.width * img.height;
  if (img.channels === channels) return img.data;
  const out = new Uint8Array(n * channels);
  const src = img.data;
  const c = img.channels;
  for (let i = 0; i < n; i++) {
    const gray = c <= 2;
    const r = src[i * c]!;
    const g = gray ? r : src[i * c + 1]!;
    const b = gray ? r : src[i * c + 2]!;
    const a = c === 2 ? src[i * c + 1]! : c === 4 ? src[i * c + 3]! : 255;
    if (channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      out[i * channels] = r;
      out[i * channels + 1] = g;
      out[i * channels + 2] = b;
      if (channels === 4) out[i * channels + 3] = a;
    }
  }
  return out;
}
