import { decodeSafetensors, encodeSafetensors, type NDArray } from '@dl/io';
import { FormatError, read, tensor, type Tensor } from '@dl/tensor';

/**
 * Encodes named float32 / int32 tensors as a safetensors file (with
 * `@dl/io`), reading them from the device asynchronously.
 */
export async function encodeTensors(tensors: Record<string, Tensor>, metadata: Record<string, string>): Promise<Uint8Array> {
  const arrays: Record<string, NDArray> = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (t.dtype !== 'float32' && t.dtype !== 'int32') {
      throw new FormatError(`Invalid tensor "${name}" for a backup: expected dtype float32 or int32, received ${t.dtype}.`);
    }
    arrays[name] = { dtype: t.dtype, shape: [...t.shape], data: (await read(t)) as Float32Array | Int32Array } as NDArray;
  }
  return encodeSafetensors(arrays, { metadata });
}

/** Decodes `encodeTensors`' output (every check runs before any tensor is made). */
export function decodeTensors(bytes: Uint8Array, file: string): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  // A plain Uint8Array copy: given a Node Buffer (readFile's), @dl/io 0.0.0's decoder takes
  // Buffer.slice (a view into Buffer's shared pool) for a copy and reads the wrong bytes.
  const decoded = decodeSafetensors(new Uint8Array(bytes), { name: file });
  for (const [name, a] of Object.entries(decoded.tensors)) {
    if (a.dtype !== 'float32' && a.dtype !== 'int32') {
      throw new FormatError(`Invalid backup file "${file}": tensor "${name}" has dtype ${a.dtype}, expected float32 or int32.`);
    }
  }
  const tensors: Record<string, Tensor> = {};
  for (const [name, a] of Object.entries(decoded.tensors)) {
    tensors[name] = tensor(a.data as Float32Array | Int32Array, a.shape, a.dtype as 'float32' | 'int32');
  }
  return { tensors, metadata: decoded.metadata };
}
