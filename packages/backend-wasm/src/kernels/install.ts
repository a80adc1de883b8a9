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
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { conv2DConfig } from './conv2d';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import { gatherV2Config } from './gather-v2';
import { identityConfig } from './identity';
import { maxPoolGradConfig } from './max-pool-grad';
import { adamUpdateConfig, rmspropUpdateConfig } from './optimizer-updates';
import { denseGradConfig } from './dense-grad';
import { sumLeadingConfig } from './sum-leading';
import { transposeConfig } from './transpose';
import {
  gruSequenceConfig, gruSequenceGradConfig, lstmSequenceConfig, lstmSequenceGradConfig,
  simpleRNNSequenceConfig, simpleRNNSequenceGradConfig,
} from './recurrent-sequence';
import { fastTransposedMatMul } from './transposed-mat-mul';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

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

/** Marks kernel functions installed by dl, shared by every copy of this package (ESM and CJS). */
const INSTALLED = Symbol.for('@dl/backend-wasm/kernel');

/** Each kernel dl installs, built from the currently registered original (undefined when wasm has none). */
const KERNELS: ReadonlyArray<readonly [string, (original: KernelConfig | undefined) => KernelConfig | undefined]> = [
  ['Conv2DBackpropFilter', () => conv2DBackpropFilterConfig],
  ['Conv2DBackpropInput', (original) => conv2DBackpropInputConfig(original)],
  ['Conv2D', (original) => (original === undefined ? undefined : conv2DConfig(original))],
  ['DepthwiseConv2dNativeBackpropFilter', () => depthwiseConv2dNativeBackpropFilterConfig],
  ['DepthwiseConv2dNativeBackpropInput', () => depthwiseConv2dNativeBackpropInputConfig],
  ['UnsortedSegmentSum', () => unsortedSegmentSumConfig],
  ['MaxPoolGrad', () => maxPoolGradConfig],
  ['BatchMatMul', (original) => (original === undefined ? undefined : fastTransposedMatMul(original, false))],
  ['_FusedMatMul', (original) => (original === undefined ? undefined : fastTransposedMatMul(original, true))],
  ['GatherV2', (original) => (original === undefined ? undefined : gatherV2Config(original))],
  [rmspropUpdateConfig.kernelName, () => rmspropUpdateConfig],
  [adamUpdateConfig.kernelName, () => adamUpdateConfig],
  [denseGradConfig.kernelName, () => denseGradConfig],
  ['Transpose', (original) => (original === undefined ? undefined : transposeConfig(original))],
  ['Sum', (original) => (original === undefined ? undefined : sumLeadingConfig(original))],
  ['Identity', (original) => (original === undefined ? undefined : identityConfig(original))],
  ...[lstmSequenceConfig, lstmSequenceGradConfig, gruSequenceConfig, gruSequenceGradConfig, simpleRNNSequenceConfig, simpleRNNSequenceGradConfig]
    .map((config) => [config.kernelName, () => config] as const),
];

/** The kernel names {@link installTrainingKernels} registers or wraps for 'wasm'. */
export const trainingKernelNames: readonly string[] = KERNELS.map(([name]) => name);

function isInstalled(config: KernelConfig | undefined): boolean {
  return config !== undefined && (config.kernelFunc as unknown as Record<symbol, unknown>)[INSTALLED] === true;
}

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
  for (const [name, build] of KERNELS) {
    const current = getKernel(name, 'wasm');
    if (isInstalled(current)) continue;
    const config = build(current);
    if (config === undefined) continue;
    const kernelFunc = config.kernelFunc;
    Object.defineProperty(kernelFunc, INSTALLED, { value: true });
    if (current !== undefined) unregisterKernel(name, 'wasm');
    // A replaced original may still be called (NCHW fallback, benchmarks): keep its setup.
    const setupFunc = config.setupFunc ?? current?.setupFunc;
    registerKernel({ ...config, kernelName: name, backendName: 'wasm', kernelFunc, ...(setupFunc ? { setupFunc } : {}) });
  }
}
