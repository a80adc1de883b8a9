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
