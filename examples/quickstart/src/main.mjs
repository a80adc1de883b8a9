// pnpm start: the book's first example (MNIST, Dense 512 relu + Dense 10 softmax,
// rmsprop) on the best installed backend (DL_BACKEND pins one).
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/register';
import { train } from './train.mjs';

const backend = await dl.ready();
console.log(`dl quickstart: the book's MNIST example on backend "${backend}" (installed: ${dl.availableBackends().join(', ')})`);
const started = performance.now();
const { test } = await train({ verbose: 'auto' });
console.log(`test_acc: ${test.accuracy.toFixed(4)} (test_loss ${test.loss.toFixed(4)}), ${((performance.now() - started) / 1000).toFixed(1)} s`);
