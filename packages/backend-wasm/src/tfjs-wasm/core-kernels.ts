/**
 * tfjs-backend-wasm 4.22.0's kernels that `@dl/backend-wasm/dense/register`
 * loads in browser bundles: all of its register_all_kernels.js but the
 * families in left-out-kernels.ts. Together the two lists are exactly
 * register_all_kernels.js' (a test checks it).
 */
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { _fusedMatMulConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/_FusedMatMul.js';
import { absConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Abs.js';
import { acosConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Acos.js';
import { acoshConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Acosh.js';
import { addConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Add.js';
import { addNConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/AddN.js';
import { allConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/All.js';
import { anyConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Any.js';
import { argMaxConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ArgMax.js';
import { argMinConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ArgMin.js';
import { asinConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Asin.js';
import { asinhConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Asinh.js';
import { atanConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Atan.js';
import { atan2Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Atan2.js';
import { atanhConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Atanh.js';
import { batchMatMulConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/BatchMatMul.js';
import { batchToSpaceNDConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/BatchToSpaceND.js';
import { bincountConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Bincount.js';
import { bitwiseAndConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/BitwiseAnd.js';
import { broadcastArgsConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/BroadcastArgs.js';
import { castConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Cast.js';
import { ceilConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Ceil.js';
import { clipByValueConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ClipByValue.js';
import { concatConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Concat.js';
import { cosConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Cos.js';
import { coshConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Cosh.js';
import { cumprodConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Cumprod.js';
import { cumsumConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Cumsum.js';
import { denseBincountConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/DenseBincount.js';
import { diagConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Diag.js';
import { eluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Elu.js';
import { eluGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/EluGrad.js';
import { equalConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Equal.js';
import { erfConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Erf.js';
import { expConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Exp.js';
import { expandDimsConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ExpandDims.js';
import { expm1Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Expm1.js';
import { fillConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Fill.js';
import { floorConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Floor.js';
import { floorDivConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FloorDiv.js';
import { fusedBatchNormConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FusedBatchNorm.js';
import { gatherNdConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/GatherNd.js';
import { gatherV2Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/GatherV2.js';
import { greaterConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Greater.js';
import { greaterEqualConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/GreaterEqual.js';
import { identityConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Identity.js';
import { isFiniteConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/IsFinite.js';
import { isInfConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/IsInf.js';
import { isNaNConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/IsNan.js';
import { leakyReluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LeakyRelu.js';
import { lessConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Less.js';
import { lessEqualConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LessEqual.js';
import { linSpaceConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LinSpace.js';
import { logConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Log.js';
import { log1pConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Log1p.js';
import { logicalAndConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LogicalAnd.js';
import { logicalNotConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LogicalNot.js';
import { logicalOrConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LogicalOr.js';
import { logicalXorConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LogicalXor.js';
import { maxConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Max.js';
import { maximumConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Maximum.js';
import { meanConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Mean.js';
import { minConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Min.js';
import { minimumConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Minimum.js';
import { mirrorPadConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MirrorPad.js';
import { multinomialConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Multinomial.js';
import { modConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Mod.js';
import { multiplyConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Multiply.js';
import { negConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Neg.js';
import { notEqualConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/NotEqual.js';
import { oneHotConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/OneHot.js';
import { onesLikeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/OnesLike.js';
import { packConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Pack.js';
import { padV2Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/PadV2.js';
import { powConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Pow.js';
import { preluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Prelu.js';
import { prodConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Prod.js';
import { rangeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Range.js';
import { realDivConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/RealDiv.js';
import { reciprocalConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Reciprocal.js';
import { reluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Relu.js';
import { relu6Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Relu6.js';
import { reshapeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Reshape.js';
import { reverseConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Reverse.js';
import { roundConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Round.js';
import { rsqrtConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Rsqrt.js';
import { scatterNdConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ScatterNd.js';
import { searchSortedConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SearchSorted.js';
import { selectConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Select.js';
import { seluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Selu.js';
import { sigmoidConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sigmoid.js';
import { signConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sign.js';
import { sinConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sin.js';
import { sinhConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sinh.js';
import { sliceConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Slice.js';
import { softmaxConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Softmax.js';
import { softplusConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Softplus.js';
import { spaceToBatchNDConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SpaceToBatchND.js';
import { splitVConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SplitV.js';
import { sqrtConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sqrt.js';
import { squareConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Square.js';
import { squaredDifferenceConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SquaredDifference.js';
import { stepConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Step.js';
import { stridedSliceConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/StridedSlice.js';
import { subConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sub.js';
import { sumConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sum.js';
import { tanConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Tan.js';
import { tanhConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Tanh.js';
import { tensorScatterUpdateConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/TensorScatterUpdate.js';
import { tileConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Tile.js';
import { topKConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/TopK.js';
import { transposeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Transpose.js';
import { uniqueConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Unique.js';
import { unpackConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Unpack.js';
import { zerosLikeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ZerosLike.js';

/** Every tfjs-backend-wasm kernel but the left-out families. */
export const coreKernels: readonly KernelConfig[] = [
  _fusedMatMulConfig, absConfig, acosConfig, acoshConfig, addConfig, addNConfig, allConfig, anyConfig, argMaxConfig,
  argMinConfig, asinConfig, asinhConfig, atanConfig, atan2Config, atanhConfig, batchMatMulConfig, batchToSpaceNDConfig,
  bincountConfig, bitwiseAndConfig, broadcastArgsConfig, castConfig, ceilConfig, clipByValueConfig, concatConfig,
  cosConfig, coshConfig, cumprodConfig, cumsumConfig, denseBincountConfig, diagConfig, eluConfig, eluGradConfig,
  equalConfig, erfConfig, expConfig, expandDimsConfig, expm1Config, fillConfig, floorConfig, floorDivConfig,
  fusedBatchNormConfig, gatherNdConfig, gatherV2Config, greaterConfig, greaterEqualConfig, identityConfig,
  isFiniteConfig, isInfConfig, isNaNConfig, leakyReluConfig, lessConfig, lessEqualConfig, linSpaceConfig, logConfig,
  log1pConfig, logicalAndConfig, logicalNotConfig, logicalOrConfig, logicalXorConfig, maxConfig, maximumConfig,
  meanConfig, minConfig, minimumConfig, mirrorPadConfig, multinomialConfig, modConfig, multiplyConfig, negConfig,
  notEqualConfig, oneHotConfig, onesLikeConfig, packConfig, padV2Config, powConfig, preluConfig, prodConfig,
  rangeConfig, realDivConfig, reciprocalConfig, reluConfig, relu6Config, reshapeConfig, reverseConfig, roundConfig,
  rsqrtConfig, scatterNdConfig, searchSortedConfig, selectConfig, seluConfig, sigmoidConfig, signConfig, sinConfig,
  sinhConfig, sliceConfig, softmaxConfig, softplusConfig, spaceToBatchNDConfig, splitVConfig, sqrtConfig, squareConfig,
  squaredDifferenceConfig, stepConfig, stridedSliceConfig, subConfig, sumConfig, tanConfig, tanhConfig,
  tensorScatterUpdateConfig, tileConfig, topKConfig, transposeConfig, uniqueConfig, unpackConfig, zerosLikeConfig,
];
