/**
 * @dl/datasets: keras.datasets for dl. Each loader downloads Keras' file once (pinned
 * hash, cache under `$DL_HOME`), parses it with `@dl/io`, and returns typed arrays with
 * shapes (`NDArray`) or ragged int sequences, split as Python Keras splits them.
 */
export { RandomState } from './random-state';
export { mnist, fashionMnist, MNIST_FILE, FASHION_MNIST_FILES, type MnistOptions, type FashionMnistOptions } from './mnist';
export { cifar10, cifar100, parseCifarBatch, CIFAR10_FILE, CIFAR100_FILE, type CifarOptions } from './cifar';
export { imdb, IMDB_FILE, IMDB_WORD_INDEX_FILE, type ImdbOptions } from './imdb';
export { reuters, REUTERS_FILE, REUTERS_LABEL_NAMES, REUTERS_WORD_INDEX_FILE, type ReutersOptions } from './reuters';
export {
  bostonHousing, californiaHousing, shuffleAndSplit, BOSTON_HOUSING_FILE, CALIFORNIA_HOUSING_FILE, type RegressionOptions,
} from './housing';
export { pack as packSequences, type SequenceOptions } from './sequences';
export { KERAS_BASE_URL, type SourceOptions } from './source';
export type { LoadResult, Sequences, Split } from './types';
