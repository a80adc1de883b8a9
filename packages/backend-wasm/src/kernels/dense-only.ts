/**
 * What `@dl/backend-wasm/dense/register` installs: the dense group of dl's
 * kernels (dense-kernels.ts), and in place of every kernel it leaves out
 * (tfjs-wasm/left-out-kernels.ts: convolution and pooling, dl's and
 * tfjs-backend-wasm's, and some families of tfjs-backend-wasm's) one that
 * throws a BackendError naming `@dl/backend-wasm/register`: in Node, where
 * tfjs-backend-wasm registers all of its kernels, as in a browser bundle,
 * where they are not loaded. The fused recurrent kernels are left out
 * without a replacement: recurrent layers run their step loop of ops. As no
 * spatial op runs here, the provider declares `gradients: 'dense'`.
 */
import { BackendError } from '@dl/tensor';
import { leftOutKernels } from '../tfjs-wasm/left-out-kernels';
import { denseKernels } from './dense-kernels';
import { installKernels, installLeftOutKernels } from './installer';

/** Every kernel name `@dl/backend-wasm/dense/register` leaves out (its provider's `unsupportedOps`). */
export const leftOutKernelNames: readonly string[] = Object.values(leftOutKernels).flat();

function leftOut(name: string): BackendError {
  const family = Object.keys(leftOutKernels).find((f) => leftOutKernels[f]!.includes(name))!;
  return new BackendError(
    `Cannot run ${name} on wasm: "@dl/backend-wasm/dense/register" leaves out the ${family} kernels. ` +
      'Import "@dl/backend-wasm/register" instead (before setBackend) to use them.',
    { code: 'backend-unsupported-op' },
  );
}

/** Installs the dense group and the throwing kernels (see the module comment); safe to call again. */
export function installDenseKernels(): void {
  installKernels(denseKernels);
  installLeftOutKernels(leftOutKernelNames, leftOut);
}
