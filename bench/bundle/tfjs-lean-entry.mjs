// The same app with only the tfjs packages it needs: tfjs-core, tfjs-layers, tfjs-backend-wasm.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-wasm';

await tf.setBackend('wasm');
const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [784], units: 512, activation: 'relu' }), tfl.layers.dense({ units: 10, activation: 'softmax' })] });
model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(tf.randomUniform([256, 784]), tf.randomNormal([256, 10]), { epochs: 1, batchSize: 128, verbose: 0 });
console.log(history.history.loss);
