// pnpm start: picks the best installed backend (DL_BACKEND pins one) and trains.
import * as dl from '@dl/tensor';
import '@dl/backend-wasm/register';
import { train } from './train.mjs';

const backend = await dl.ready();
console.log(`dl quickstart on backend "${backend}" (installed: ${dl.availableBackends().join(', ')})`);
const started = performance.now();
const history = await train({ log: (line) => console.log(line) });
const first = history[0];
const last = history[history.length - 1];
console.log(`loss ${first.loss.toFixed(4)} -> ${last.loss.toFixed(4)}, accuracy ${last.accuracy.toFixed(3)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
