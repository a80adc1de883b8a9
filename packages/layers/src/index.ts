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
  getLayerClass,
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
