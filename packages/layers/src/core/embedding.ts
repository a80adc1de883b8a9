import * as dl from '@dl/tensor';
import type { DataType, Tensor } from '@dl/tensor';
import type { Constraint } from '../constraints';
import { bool, positiveInt, type Shape } from '../engine/checks';
import {
  Layer, constraintOrNull, regularizerOrNull, serializeOrNull,
  type ConstraintIdentifier, type LayerArgs, type LayerConfig, type RegularizerIdentifier,
} from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers';
import type { Regularizer } from '../regularizers';

/** Embedding's options. */
export interface EmbeddingArgs extends LayerArgs {
  /** Default `uniform` (RandomUniform in [-0.05, 0.05]), as Keras. */
  embeddingsInitializer?: InitializerIdentifier;
  /** A penalty on the embedding matrix. */
  embeddingsRegularizer?: RegularizerIdentifier | null;
  /** A projection of the matrix after each step. */
  embeddingsConstraint?: ConstraintIdentifier | null;
  /** Whether index 0 is padding: the output then carries a mask (false at 0) that RNNs and attention respect. Default false. */
  maskZero?: boolean;
}

/**
 * Keras' Embedding: turns integer ids into dense vectors, row `id` of a
 * trainable `(inputDim, outputDim)` matrix. With `maskZero`, id 0 is padding:
 * the output's mask is false there (then `inputDim` must count index 0).
 *
 * Input shape: `(batch, ...)` integer ids in [0, inputDim). Output shape: `(batch, ..., outputDim)`.
 * Weights: `embeddings` `(inputDim, outputDim)`.
 *
 * @param inputDim Vocabulary size. @param outputDim Vector size.
 * @throws ConfigError for non-positive sizes.
 * @example
 * ```ts
 * const emb = new Embedding(10000, 16);
 * emb.apply(tensor2d([[4, 20, 7]], [1, 3], 'int32')).shape; // [1, 3, 16]
 * ```
 */
export class Embedding extends Layer {
  static override readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly embeddingsInitializer: Initializer;
  readonly embeddingsRegularizer: Regularizer | null;
  readonly embeddingsConstraint: Constraint | null;
  embeddings: LayerWeight | null = null;

  constructor(inputDim: number, outputDim: number, args: EmbeddingArgs = {}) {
    super(args);
    const who = this.label;
    this.inputDim = positiveInt(inputDim, 'inputDim', who);
    this.outputDim = positiveInt(outputDim, 'outputDim', who);
    this.maskZero = bool(args.maskZero ?? false, 'maskZero', who);
    this.embeddingsInitializer = getInitializer(args.embeddingsInitializer ?? 'uniform', who);
    this.embeddingsRegularizer = regularizerOrNull(args.embeddingsRegularizer, who);
    this.embeddingsConstraint = constraintOrNull(args.embeddingsConstraint, who);
    this.autocast = false;
    this.supportsMasking = this.maskZero;
  }

  override build(inputShape: Shape): void {
    this.embeddings = this.addWeight('embeddings', {
      shape: [this.inputDim, this.outputDim],
      initializer: this.embeddingsInitializer,
      regularizer: this.embeddingsRegularizer,
      constraint: this.embeddingsConstraint,
      dtype: 'float32',
    });
    super.build(inputShape);
  }

  override call(x: Tensor): Tensor {
    return dl.tidy(() => {
      const ids = x.dtype === 'int32' ? x : dl.cast(x, 'int32');
      const flat = dl.gather(this.embeddings!.value, dl.reshape(ids, [-1]));
      return dl.reshape(flat, [...x.shape, this.outputDim]);
    });
  }

  override computeMask(x: Tensor | Tensor[]): Tensor | null {
    if (!this.maskZero) return null;
    return dl.notEqual(x as Tensor, 0);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.outputDim];
  }

  protected override outputDtype(): DataType {
    return 'float32';
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.embeddingsInitializer),
      embeddingsRegularizer: serializeOrNull(this.embeddingsRegularizer),
      embeddingsConstraint: serializeOrNull(this.embeddingsConstraint),
      maskZero: this.maskZero,
    };
  }

  static override fromConfig(config: LayerConfig): Embedding {
    return new Embedding(config['inputDim'] as number, config['outputDim'] as number, config as EmbeddingArgs);
  }
}
