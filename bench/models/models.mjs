// The book's models, as the same layer stack for dl (`new Dense(16, {...})`)
// and for tfjs-layers (`dense({ units: 16, ... })`), with their batch sizes,
// optimizers, losses and the shapes of their data. `layers` lists the dl
// classes each needs (a model whose layers are missing is reported as not yet
// available). `flops` is the training cost of one sample (forward + backward,
// multiply-adds counted as 2), for the share of the matmul peak.

/** Dense layer, in either library's spelling. */
const dense = (L, f, units, activation) => (f === 'dl' ? new L.Dense(units, activation ? { activation } : {}) : L.dense({ units, activation }));

/** Training FLOPs of one sample through dense layers [in, h1, h2, ...]: forward 2·in·out, backward dW and dx 4·in·out (no dx for the first layer). */
const denseFlops = (sizes) => sizes.slice(1).reduce((sum, out, i) => sum + 2 * sizes[i] * out * (i === 0 ? 2 : 3), 0);

export const MODELS = {
  mnist_mlp: {
    input: [784], data: 'uniform', classes: 10, batchSize: 128,
    optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'],
    layers: ['Dense'],
    build: (L, f) => [dense(L, f, 512, 'relu'), dense(L, f, 10, 'softmax')],
    flops: denseFlops([784, 512, 10]),
  },
  imdb_dense: {
    input: [10000], data: 'multiHot', batchSize: 512,
    optimizer: 'rmsprop', loss: 'binaryCrossentropy', metrics: ['accuracy'],
    layers: ['Dense'],
    build: (L, f) => [dense(L, f, 16, 'relu'), dense(L, f, 16, 'relu'), dense(L, f, 1, 'sigmoid')],
    flops: denseFlops([10000, 16, 16, 1]),
  },
  boston_mlp: {
    input: [13], data: 'normal', batchSize: 16,
    optimizer: 'rmsprop', loss: 'mse', metrics: ['mae'],
    layers: ['Dense'],
    build: (L, f) => [dense(L, f, 64, 'relu'), dense(L, f, 64, 'relu'), dense(L, f, 1)],
    flops: denseFlops([13, 64, 64, 1]),
  },
  mnist_convnet: {
    input: [28, 28, 1], data: 'uniform', classes: 10, batchSize: 64,
    optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'],
    layers: ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'],
    build: (L, f) => {
      const conv = (filters) => (f === 'dl' ? new L.Conv2D(filters, 3, { activation: 'relu' }) : L.conv2d({ filters, kernelSize: 3, activation: 'relu' }));
      const pool = () => (f === 'dl' ? new L.MaxPooling2D(2) : L.maxPooling2d({ poolSize: 2 }));
      const flatten = () => (f === 'dl' ? new L.Flatten() : L.flatten());
      return [conv(32), pool(), conv(64), pool(), conv(128), flatten(), dense(L, f, 10, 'softmax')];
    },
    // conv 26²·9·1·32, 11²·9·32·64, 3²·9·64·128 (the first has no dx), dense 1152·10.
    flops: 2 * (26 * 26 * 9 * 32 * 2 + 11 * 11 * 9 * 32 * 64 * 3 + 3 * 3 * 9 * 64 * 128 * 3 + 1152 * 10 * 3),
  },
  imdb_bilstm: {
    input: [200], data: 'tokens', vocab: 10000, batchSize: 128,
    optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'],
    layers: ['Embedding', 'LSTM', 'Bidirectional', 'Dropout', 'Dense'],
    build: (L, f) => f === 'dl'
      ? [new L.Embedding(10000, 128), new L.Bidirectional(new L.LSTM(64)), new L.Dropout(0.5), new L.Dense(1, { activation: 'sigmoid' })]
      : [L.embedding({ inputDim: 10000, outputDim: 128 }), L.bidirectional({ layer: L.lstm({ units: 64 }) }), L.dropout({ rate: 0.5 }), L.dense({ units: 1, activation: 'sigmoid' })],
    // Per direction and step: the 4 gates' x·W (128→256) and h·U (64→256), forward + backward (×3).
    flops: 2 * 200 * 2 * 3 * (128 * 256 + 64 * 256),
  },
};
