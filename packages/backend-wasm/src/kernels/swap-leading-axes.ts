/**
 * The first two axes of a tensor swapped, `(a, b, ...inner)` to
 * `(b, a, ...inner)`, on wasm: block copies of the inner values (one SIMD
 * pass where the inner size is a multiple of 4, else one copy per block).
 * The recurrent layers' fused path turns batch-major sequences time-major
 * this way (and their gradients back); tfjs-backend-wasm 4.22.0 moves one
 * element at a time.
 */
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import { byteOffset, simdKernels } from '../simd/simd';
import { allocate, type BackendWasm } from './wasm-ops';

/** Whether `perm` swaps the first two axes and keeps the others (at least one) in place. */
export function swapsFirstTwo(perm: readonly number[]): boolean {
  return perm.length >= 3 && perm[0] === 1 && perm[1] === 0 && perm.slice(2).every((p, i) => p === i + 2);
}

/** `x` (4-byte elements) with its first two axes swapped, as a new tensor (the caller owns it). */
export function swapLeadingAxes(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const [a, b, ...inner] = x.shape as [number, number, ...number[]];
  const out = allocate(backend, [b, a, ...inner], x.dtype);
  const size = util.sizeFromShape(inner);
  const simd = size % 4 === 0 ? simdKernels(backend) : null;
  if (simd !== null) {
    simd.swapLeading(byteOffset(backend, x), byteOffset(backend, out), a, b, size);
    return out;
  }
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) dst.set(src.subarray((i * b + j) * size, (i * b + j + 1) * size), (j * a + i) * size);
  }
  return out;
}
