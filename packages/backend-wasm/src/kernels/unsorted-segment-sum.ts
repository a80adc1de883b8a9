/**
 * `UnsortedSegmentSum` for wasm (tfjs-backend-wasm 4.22.0 has none). It is
 * the gradient of `gather` (so of Embedding layers) and `unsortedSegmentSum`
 * itself. float32 rows with int32 ids through a SIMD kernel
 * (simd/kernels.wat), the rest in JS over the wasm heap.
 *
 * out[s, ...] = Σ_{i : ids[i] = s} x[i, ...] for s in [0, numSegments); rows
 * whose id is outside that range are dropped, as in the cpu backend. float32
 * and int32.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { byteOffset, simdKernels } from '../simd/simd';
import { allocate, type BackendWasm } from './wasm-ops';

const unsortedSegmentSum: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as BackendWasm;
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as { numSegments: number };
  const n = util.sizeFromShape(segmentIds.shape);
  const inner = n === 0 ? 0 : util.sizeFromShape(x.shape) / n;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];

  const out = allocate(backend, outShape, x.dtype);
  const os = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  os.fill(0);
  const simd = x.dtype === 'float32' && segmentIds.dtype === 'int32' ? simdKernels(backend) : null;
  if (simd !== null) {
    simd.segmentSum(byteOffset(backend, x), byteOffset(backend, segmentIds), byteOffset(backend, out), n, inner, numSegments);
    return out;
  }
  const xs = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array | Float32Array;
  for (let i = 0; i < n; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) os[dst + j]! += xs[src + j]!;
  }
  return out;
};

/** The kernel config registered for 'wasm' by {@link installTrainingKernels}. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
