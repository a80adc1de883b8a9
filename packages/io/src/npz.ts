import { FormatError } from '@dl/tensor';
import type { InflateLimits } from './limits';
import type { NDArray } from './ndarray';
import { encodeNpy, parseNpy, type ObjectArray } from './npy';
import { encodeZip, listZip, readZipEntry } from './zip';

/** Options of {@link parseNpz}. */
export interface ParseNpzOptions extends InflateLimits {
  /** The file name used in error messages. Default `"arrays.npz"`. */
  name?: string;
  /** Allow object (`|O`) members, read with the restricted unpickler. Default false. */
  allowPickle?: boolean;
}

/**
 * Reads a NumPy `.npz` archive (`np.savez` or `np.savez_compressed`).
 *
 * @param bytes The whole file.
 * @param options `name` for messages, `allowPickle` for object arrays (Keras' `imdb.npz`),
 * and decompression-bomb limits.
 * @returns A map from array name (the member name without `.npy`) to array.
 * @throws FormatError naming the file and member: not a zip, a corrupt member, a
 * member that is not a valid `.npy`, an object array without `allowPickle`.
 *
 * @example
 * ```ts
 * const npz = parseNpz(encodeNpz({ x: { dtype: 'uint8', shape: [1], data: new Uint8Array([7]) } }));
 * npz.get('x')?.shape; // [1]
 * ```
 */
export function parseNpz(bytes: Uint8Array, options: ParseNpzOptions = {}): Map<string, NDArray | ObjectArray> {
  const name = options.name ?? 'arrays.npz';
  const out = new Map<string, NDArray | ObjectArray>();
  for (const entry of listZip(bytes, { name })) {
    if (entry.isDirectory) continue;
    if (!entry.name.endsWith('.npy') || entry.isSymlink) {
      throw new FormatError(`Invalid npz file "${name}": expected only .npy members, received "${entry.name}".`);
    }
    const key = entry.name.slice(0, -4);
    if (out.has(key)) throw new FormatError(`Invalid npz file "${name}": the member "${entry.name}" appears twice.`);
    const data = readZipEntry(bytes, entry, { ...options, name });
    out.set(key, parseNpy(data, { name: `${name}/${entry.name}`, allowPickle: options.allowPickle === true }));
  }
  return out;
}

/**
 * Writes a NumPy `.npz` archive that `numpy.load` reads.
 *
 * @param arrays Array name to array (written as `<name>.npy`).
 * @param options `compress: true` is `savez_compressed`.
 * @returns The archive's bytes.
 * @throws ConfigError when an array is inconsistent.
 *
 * @example
 * ```ts
 * const bytes = encodeNpz({ w: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } });
 * ```
 */
export function encodeNpz(arrays: Record<string, NDArray> | Map<string, NDArray>, options: { compress?: boolean } = {}): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  return encodeZip(new Map(entries.map(([k, a]) => [`${k}.npy`, encodeNpy(a)])), options);
}
