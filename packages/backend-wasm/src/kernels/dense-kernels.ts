/**
 * The kernels dl installs for training dense models and embeddings on wasm
 * (both `@dl/backend-wasm/register` and `@dl/backend-wasm/dense/register`):
 * the matmul fast paths, gathers, identity, transposes, leading-axis sums,
 * the fused optimizer updates and Dense's backward pass, and UnsortedSegmentSum.
 */
import { adamUpdateConfig, rmspropUpdateConfig } from './optimizer-updates';
import { denseGradConfig } from './dense-grad';
import { gatherV2Config } from './gather-v2';
import { identityConfig } from './identity';
import type { KernelEntry } from './installer';
import { sumLeadingConfig } from './sum-leading';
import { transposeConfig } from './transpose';
import { fastTransposedMatMul } from './transposed-mat-mul';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

/** The dense-model group (see the module comment). */
export const denseKernels: readonly KernelEntry[] = [
  ['UnsortedSegmentSum', () => unsortedSegmentSumConfig],
  ['BatchMatMul', (original) => (original === undefined ? undefined : fastTransposedMatMul(original, false))],
  ['_FusedMatMul', (original) => (original === undefined ? undefined : fastTransposedMatMul(original, true))],
  ['GatherV2', (original) => (original === undefined ? undefined : gatherV2Config(original))],
  [rmspropUpdateConfig.kernelName, () => rmspropUpdateConfig],
  [adamUpdateConfig.kernelName, () => adamUpdateConfig],
  [denseGradConfig.kernelName, () => denseGradConfig],
  ['Transpose', (original) => (original === undefined ? undefined : transposeConfig(original))],
  ['Sum', (original) => (original === undefined ? undefined : sumLeadingConfig(original))],
  ['Identity', (original) => (original === undefined ? undefined : identityConfig(original))],
];
