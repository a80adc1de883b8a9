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

// Preprocessing layers (subclasses of @dl/layers' Layer; adapt, then serialize with the model).
export type { AdaptData, OutputMode } from './layers/common';
export { IndexLookup, type IndexLookupArgs } from './layers/index-lookup';
export { StringLookup, type StringLookupArgs } from './layers/string-lookup';
export { IntegerLookup, type IntegerLookupArgs } from './layers/integer-lookup';
export { TextVectorization, type Split, type Standardize, type TextVectorizationArgs } from './layers/text-vectorization';
export { Normalization, type NormalizationArgs } from './layers/normalization';
export { Discretization, type DiscretizationArgs } from './layers/discretization';
export { CategoryEncoding, type CategoryEncodingArgs } from './layers/category-encoding';
export { Rescaling, type RescalingArgs } from './layers/rescaling';
export { Resizing, type ResizingArgs } from './layers/resizing';
export { CenterCrop, type CenterCropArgs } from './layers/center-crop';
export { AffineImageLayer, RandomImageLayer, type AffineArgs, type RandomLayerArgs } from './layers/random-image-layer';
export { RandomFlip, type RandomFlipArgs } from './layers/random-flip';
export { RandomRotation, type RandomRotationArgs } from './layers/random-rotation';
export { RandomZoom, type RandomZoomArgs } from './layers/random-zoom';
export { RandomTranslation, type RandomTranslationArgs } from './layers/random-translation';
export { RandomContrast, type RandomContrastArgs } from './layers/random-contrast';
export { preprocessingLayers, registerPreprocessingLayers } from './layers/register';
