/**
 * @dl/io: file formats for dl, pure (Uint8Array in and out) so they run in Node and in
 * the browser. The downloader, cache, archive extraction and atomic writes are Node-only
 * and live in the `@dl/io/node` entry.
 */
export {
  DTYPE_SIZE,
  LITTLE_ENDIAN,
  shapeSize,
  type DType,
  type NDArray,
  type TypedArray,
  type TypedArrayOf,
} from './ndarray';
export { encodeNpy, parseNpy, type ObjectArray, type ParseNpyOptions } from './npy';
export { encodeNpz, parseNpz, type ParseNpzOptions } from './npz';
export { decodeSafetensors, encodeSafetensors, SAFETENSORS_MAX_HEADER, type Safetensors } from './safetensors';
export { encodeIdx, parseIdx } from './idx';
export { PICKLE_ALLOWLIST, unpickle, type UnpickleOptions } from './pickle';
export { gunzip, gzip, isGzip } from './gzip';
export { encodeZip, listZip, parseZip, readZipEntry, type ZipEntry } from './zip';
export { parseTar, type TarEntry } from './tar';
export { crc32, DEFAULT_INFLATE_LIMITS, type InflateLimits } from './limits';
