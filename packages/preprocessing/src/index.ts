// @dl/preprocessing: the data preparation of Deep Learning with Python.
export { padSequences, padSequencesToArray, type PadSequencesOptions, type PaddedArray, type Sequences } from './sequence/pad-sequences';
export { toCategorical, type NestedLabels } from './sequence/to-categorical';
export { multiHot } from './sequence/multi-hot';
export { DEFAULT_FILTERS, textToWordSequence, type TextToWordSequenceOptions } from './text/text-to-word-sequence';
export { Tokenizer, type MatrixMode, type TokenizerConfig, type TokenizerOptions } from './text/tokenizer';
export { normalize } from './numeric/normalize';
export type { Table } from './numeric/matrix';
export { StandardScaler, type StandardScalerConfig } from './numeric/standard-scaler';
export { MinMaxScaler, type MinMaxScalerConfig, type MinMaxScalerOptions } from './numeric/min-max-scaler';
export { SimpleImputer, type ImputeStrategy, type SimpleImputerConfig, type SimpleImputerOptions } from './numeric/simple-imputer';
export { takeRows, type Splittable } from './split/take-rows';
export { trainTestSplit, trainTestSplitIndices, type SplitIndices, type TrainTestSplitOptions } from './split/train-test-split';
export { iteratedKFold, kFold, type Fold, type IteratedFold, type KFoldOptions } from './split/k-fold';
export { holdOut, type HoldOutOptions } from './split/hold-out';
export {
  timeseriesDatasetFromArray,
  type Batch,
  type TimeseriesDataset,
  type TimeseriesOptions,
} from './timeseries/timeseries-dataset-from-array';
