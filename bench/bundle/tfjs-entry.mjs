// The same app with the official @tensorflow/tfjs union package and tfjs-backend-wasm.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

await tf.setBackend('wasm');
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 512, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(tf.randomUniform([256, 784]), tf.randomNormal([256, 10]), { epochs: 1, batchSize: 128, verbose: 0 });
console.log(history.history.loss);
