// A browser app that trains a Dense model with dl on wasm (bundled by size.mjs); its backend
// entry is the one documented for apps that train dense models (bench/README.md, bundle).
import { setBackend, randomNormal, randomUniform } from '@dl/tensor';
import '@dl/backend-wasm/dense/register';
import { Input, Dense } from '@dl/layers';
import { Sequential } from '@dl/models';
import { RMSprop } from '@dl/optimizers';

await setBackend('wasm');
const model = new Sequential([Input({ shape: [784] }), new Dense(512, { activation: 'relu' }), new Dense(10, { activation: 'softmax' })]);
model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(randomUniform([256, 784]), randomNormal([256, 10]), { epochs: 1, batchSize: 128, verbose: 0 });
console.log(history.history.loss);
