// @dl/layers: Keras 3's layers over @dl/tensor. One concept per file, grouped
// by family as Keras groups them; nothing registers itself on import.
export {
  activationNames,
  getActivation,
  registerActivation,
  serializeActivation,
  type ActivationFn,
  type ActivationIdentifier,
  type ActivationName,
} from './activations';
export {
  Constant,
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  Identity as IdentityInitializer,
  Initializer,
  LecunNormal,
  LecunUniform,
  Ones,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
  Zeros,
  computeFans,
  getInitializer,
  registerInitializer,
  serializeInitializer,
  type InitializerClass,
  type InitializerConfig,
  type InitializerIdentifier,
  type SerializedInitializer,
  type VarianceScalingArgs,
} from './initializers';
export {
  L1,
  L1L2,
  L2,
  Regularizer,
  getRegularizer,
  l1,
  l1l2,
  l2,
  registerRegularizer,
  serializeRegularizer,
  type RegularizerClass,
  type RegularizerConfig,
  type SerializedRegularizer,
} from './regularizers';
export {
  Constraint,
  MaxNorm,
  MinMaxNorm,
  NonNeg,
  UnitNorm,
  getConstraint,
  registerConstraint,
  serializeConstraint,
  type ConstraintClass,
  type ConstraintConfig,
  type SerializedConstraint,
} from './constraints';

// The engine.
export { formatShape, type Shape } from './engine/checks';
export { Input, InputLayer, type InputArgs } from './engine/input-layer';
export {
  Layer,
  constraintOrNull,
  regularizerOrNull,
  serializeOrNull,
  type AddWeightOptions,
  type CallOptions,
  type ConstraintIdentifier,
  type InputSpec,
  type LayerArgs,
  type LayerConfig,
  type RegularizerIdentifier,
} from './engine/layer';
export { getMask, setMask } from './engine/mask';
export { Node, SymbolicTensor, isSymbolic, type NodeArgs } from './engine/symbolic';
export { LayerWeight } from './engine/weight';
export {
  assertSafeConfig,
  deserializeLayer,
  deserializeRegisteredLayer,
  getLayerClass,
  registerBuiltInLayers,
  registerLayer,
  registeredLayers,
  serializeLayer,
  type LayerClass,
  type LayerRegistry,
  type SerializedLayer,
} from './registry';

// core
export { Activation } from './core/activation';
export { Dense, type DenseArgs } from './core/dense';
export { Embedding, type EmbeddingArgs } from './core/embedding';
export { Identity } from './core/identity';
export { Lambda, registerLambda, type LambdaArgs, type LambdaFn } from './core/lambda';
export { Masking, type MaskingArgs } from './core/masking';

// reshaping
export { Flatten } from './reshaping/flatten';
export { Permute } from './reshaping/permute';
export { RepeatVector } from './reshaping/repeat-vector';
export { Reshape } from './reshaping/reshape';

// normalization
export { BatchNormalization, type BatchNormalizationArgs } from './normalization/batch-normalization';
export { LayerNormalization, type LayerNormalizationArgs } from './normalization/layer-normalization';

// regularization
export { ActivityRegularization, type ActivityRegularizationArgs } from './regularization/activity-regularization';
export { Dropout, type DropoutArgs } from './regularization/dropout';
export { GaussianDropout } from './regularization/gaussian-dropout';
export { GaussianNoise, type GaussianArgs } from './regularization/gaussian-noise';
export { SpatialDropout1D, type SpatialDropoutArgs } from './regularization/spatial-dropout1d';
export { SpatialDropout2D } from './regularization/spatial-dropout2d';

// merging
export { Add } from './merging/add';
export { Average } from './merging/average';
export { Concatenate, type ConcatenateArgs } from './merging/concatenate';
export { Dot, type DotArgs } from './merging/dot';
export { Maximum } from './merging/maximum';
export { Minimum } from './merging/minimum';
export { Multiply } from './merging/multiply';
export { Subtract } from './merging/subtract';
export { ElementwiseMerge } from './merging/merge';

// attention
export {
  MultiHeadAttention,
  type MultiHeadAttentionArgs,
  type MultiHeadAttentionCallOptions,
} from './attention/multi-head-attention';
export { Cropping1D } from './reshaping/cropping1d';
export { Cropping2D } from './reshaping/cropping2d';
export { UpSampling1D } from './reshaping/up-sampling1d';
export { UpSampling2D, type UpSampling2DArgs } from './reshaping/up-sampling2d';
export { ZeroPadding1D } from './reshaping/zero-padding1d';
export { ZeroPadding2D } from './reshaping/zero-padding2d';
export type { SpatialArgs } from './reshaping/spatial';

// convolutional
export { BaseConv, type BaseConvArgs } from './convolutional/base-conv';
export { type DataFormat } from './convolutional/conv-utils';
export { KernelConv, type ConvArgs } from './convolutional/kernel-conv';
export { Conv1D, type Conv1DArgs } from './convolutional/conv1d';
export { Conv2D, type Conv2DArgs } from './convolutional/conv2d';
export { Conv2DTranspose, type Conv2DTransposeArgs } from './convolutional/conv2d-transpose';
export { DepthwiseConv2D, type DepthwiseConv2DArgs } from './convolutional/depthwise-conv2d';
export { SeparableConv2D, type SeparableConv2DArgs } from './convolutional/separable-conv2d';

// pooling
export { BasePooling, type PoolingArgs } from './pooling/base-pooling';
export { BaseGlobalPooling, type GlobalPoolingArgs } from './pooling/base-global-pooling';
export { AveragePooling1D } from './pooling/average-pooling1d';
export { AveragePooling2D } from './pooling/average-pooling2d';
export { GlobalAveragePooling1D } from './pooling/global-average-pooling1d';
export { GlobalAveragePooling2D } from './pooling/global-average-pooling2d';
export { GlobalMaxPooling1D } from './pooling/global-max-pooling1d';
export { GlobalMaxPooling2D } from './pooling/global-max-pooling2d';
export { MaxPooling1D } from './pooling/max-pooling1d';
export { MaxPooling2D } from './pooling/max-pooling2d';
// recurrent
export { Bidirectional, type BidirectionalArgs, type MergeMode } from './recurrent/bidirectional';
export { GRU, type GRUArgs } from './recurrent/gru';
export { GRUCell, type GRUCellArgs } from './recurrent/gru-cell';
export { LSTM, type LSTMArgs } from './recurrent/lstm';
export { LSTMCell, type LSTMCellArgs } from './recurrent/lstm-cell';
export { RNN, type RNNArgs } from './recurrent/rnn';
export { RNNCell, type CellStep, type GatedCellArgs, type PreparedCell, type RNNCellArgs } from './recurrent/rnn-cell';
export { SimpleRNN, type SimpleRNNArgs } from './recurrent/simple-rnn';
export { SimpleRNNCell, type SimpleRNNCellArgs } from './recurrent/simple-rnn-cell';
export { TimeDistributed } from './recurrent/time-distributed';
