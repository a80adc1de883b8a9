/**
 * Installs dl's training kernels for the 'wasm' backend: the ones
 * tfjs-backend-wasm 4.22.0 lacks, replacements for the ones it gets wrong or
 * runs slowly, and fast-path wrappers of its matmul kernels.
 *
 * Added:     Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter,
 *            DepthwiseConv2dNativeBackpropInput, UnsortedSegmentSum, and the
 *            fused optimizer updates DlRMSprop and DlAdam and Dense's backward
 *            pass DlDenseGrad (see @dl/tensor's runFusedKernel), the fused recurrent sequences DlLSTMSequence,
 *            DlGRUSequence, DlSimpleRNNSequence and their …Grad kernels (see
 *            @dl/tensor's runFusedRecurrent).
 * Also:      Sum over leading axes (bias gradients) as SIMD row additions.
 * Replaced:  MaxPoolGrad (wrong results), Conv2DBackpropInput (2 GFLOPS loop;
 *            now im2col-style matmul, the original still serves NCHW).
 * Wrapped:   BatchMatMul, _FusedMatMul (2-D products on dl's SIMD matmul module,
 *            transposed operands otherwise take the XNNPACK path), Conv2D
 *            (NHWC: patches times filter on the SIMD matmul module),
 *            GatherV2 (copies whole slices), Identity (shares data, no copy),
 *            Transpose (swaps of the last two axes in cache-sized tiles).
 *
 * Still missing on wasm after this, compared with the cpu backend, and why
 * that is fine for training the book's models: Complex, ComplexAbs, Real,
 * Imag, FFT, IFFT (complex numbers and spectral ops: no layer uses them);
 * Einsum (no gradient in tfjs-core, and dl's attention is written with
 * matMul/batchMatMul); RaggedGather, RaggedRange, RaggedTensorToTensor,
 * StaticRegexReplace (ragged and string ops: text vectorization happens in
 * JS before tensors exist); Draw (browser canvas output only). None of them is
 * the forward op or part of the gradient of conv1d/conv2d/separable/depthwise
 * convolutions, pooling, dense, embedding, recurrent cells, batch or layer
 * normalization, dropout, softmax/crossentropy or attention.
 *
 * Must run after `@tensorflow/tfjs-backend-wasm` is imported (it registers the
 * originals) and before `setBackend('wasm')` initializes the backend, because
 * the backend runs each kernel's `setupFunc` then; the wrappers keep the
 * originals' setupFuncs, and so do replacements. Idempotent: kernels already installed (by this or
 * another copy of this package) are left alone.
 *
 * Three groups (dense-kernels.ts, conv-kernels.ts, recurrent-kernels.ts):
 * `@dl/backend-wasm/register` installs all of them; the lighter
 * `@dl/backend-wasm/dense/register` installs the dense group only (see
 * dense-only.ts).
 */
import { convKernels } from './conv-kernels';
import { denseKernels } from './dense-kernels';
import { installKernels } from './installer';
import { recurrentKernels } from './recurrent-kernels';

/**
 * Kernels the cpu backend has and wasm still lacks after
 * {@link installTrainingKernels}, with the reason each is not needed to train
 * the book's models. A test compares this list with the live registries.
 */
export const kernelsWasmLacks: Readonly<Record<string, string>> = {
  Complex: 'complex numbers: no layer uses them',
  ComplexAbs: 'complex numbers: no layer uses them',
  Real: 'complex numbers: no layer uses them',
  Imag: 'complex numbers: no layer uses them',
  FFT: 'spectral op: no layer uses it',
  IFFT: 'spectral op: no layer uses it',
  Einsum: 'tfjs-core has no gradient for it; attention is written with matMul',
  RaggedGather: 'ragged tensors: no layer uses them',
  RaggedRange: 'ragged tensors: no layer uses them',
  RaggedTensorToTensor: 'ragged tensors: no layer uses them',
  StaticRegexReplace: 'string op: text is vectorized in JS before it becomes tensors',
  Draw: 'draws to a browser canvas; not a computation',
};

/** Every kernel dl installs, in its groups. */
const ALL = [...convKernels, ...denseKernels, ...recurrentKernels];

/** The kernel names {@link installTrainingKernels} registers or wraps for 'wasm'. */
export const trainingKernelNames: readonly string[] = ALL.map(([name]) => name);

/**
 * Registers dl's wasm training kernels with tfjs-core (see the module comment
 * for the list). Called by `wasmBackend.init()`; safe to call again.
 *
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-wasm');
 * installTrainingKernels();
 * await tf.setBackend('wasm');
 * ```
 */
export function installTrainingKernels(): void {
  installKernels(ALL);
}
