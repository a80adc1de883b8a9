/**
 * The fused recurrent sequences dl installs on wasm (only
 * `@dl/backend-wasm/register`): DlLSTMSequence, DlGRUSequence,
 * DlSimpleRNNSequence and their …Grad kernels (see @dl/tensor's
 * runFusedRecurrent). Without them, recurrent layers run their step loop of ops.
 */
import type { KernelEntry } from './installer';
import {
  gruSequenceConfig, gruSequenceGradConfig, lstmSequenceConfig, lstmSequenceGradConfig,
  simpleRNNSequenceConfig, simpleRNNSequenceGradConfig,
} from './recurrent-sequence';

/** The fused recurrent group (see the module comment). */
export const recurrentKernels: readonly KernelEntry[] = [
  lstmSequenceConfig, lstmSequenceGradConfig, gruSequenceConfig, gruSequenceGradConfig, simpleRNNSequenceConfig, simpleRNNSequenceGradConfig,
].map((config) => [config.kernelName, () => config] as const);
