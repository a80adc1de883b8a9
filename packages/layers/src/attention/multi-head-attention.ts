import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, type Tensor } from '@dl/tensor';
import type { Constraint } from '../constraints';
import { bool, formatShape, numberIn, positiveInt, type Shape } from '../engine/checks';
import {
  Layer, constraintOrNull, regularizerOrNull, serializeOrNull,
  type CallOptions, type ConstraintIdentifier, type LayerArgs, type LayerConfig, type RegularizerIdentifier,
} from '../engine/layer';
import { isSymbolic, type SymbolicTensor } from '../engine/symbolic';
import type { LayerWeight } from '../engine/weight';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers';
import type { Regularizer } from '../regularizers';
import { LayerSeed, seedArg } from '../regularization/random';
import { andAll, attentionShapes, causalMask, intList, maskedSoftmax, project } from './attention-ops';

/** MultiHeadAttention's options (Keras 3's arguments and defaults). */
export interface MultiHeadAttentionArgs extends LayerArgs {
  /** The size of each head for values. Default: `keyDim`. */
  valueDim?: number | null;
  /** Dropout rate on the attention probabilities, in training. Default 0. */
  dropout?: number;
  /** Whether the projections have biases. Default true. */
  useBias?: boolean;
  /** The output's trailing shape (an integer or an array). Default: the query's last size. */
  outputShape?: number | number[] | null;
  /** The axes attention runs over. Default (and the only value supported): every axis but batch and features. */
  attentionAxes?: number | number[] | null;
  /** Default `glorotUniform`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `zeros`. */
  biasInitializer?: InitializerIdentifier;
  /** A penalty on every kernel. */
  kernelRegularizer?: RegularizerIdentifier | null;
  /** A penalty on every bias. */
  biasRegularizer?: RegularizerIdentifier | null;
  /** A projection of every kernel after each step. */
  kernelConstraint?: ConstraintIdentifier | null;
  /** A projection of every bias after each step. */
  biasConstraint?: ConstraintIdentifier | null;
  /** A seed for the attention dropout; default: `setSeed`'s stream. */
  seed?: number | null;
}

/** Options of a MultiHeadAttention call (concrete tensors only for the last three). */
export interface MultiHeadAttentionCallOptions extends CallOptions {
  /** A boolean mask `(batch, T, S)` (or broadcastable): true where a query position may attend to a key position. */
  attentionMask?: Tensor | null;
  /** Also return the attention probabilities `(batch, heads, T, S)`: use `applyAll`. Default false. */
  returnAttentionScores?: boolean;
  /** Add a causal mask: position t attends to positions at most t (decoders). Default false. */
  useCausalMask?: boolean;
}

type Flags = Required<Pick<MultiHeadAttentionCallOptions, 'returnAttentionScores' | 'useCausalMask'>> & { attentionMask: Tensor | null };
const noFlags: Flags = { attentionMask: null, returnAttentionScores: false, useCausalMask: false };
type Part = 'query' | 'key' | 'value' | 'attention_output';

/**
 * Keras 3's MultiHeadAttention (scaled dot-product attention with `numHeads`
 * heads, "Attention is all you need"). Call it on a list: `[query, value]`
 * or `[query, value, key]` (key defaults to value); self-attention is
 * `apply([x, x])`. Per head, `softmax(q·kᵀ / sqrt(keyDim)) · v`, then the
 * heads are projected back to `outputShape`.
 *
 * Masks: `attentionMask` in the call options; the masks attached to query,
 * value and key (from `Embedding({ maskZero: true })`) or given as
 * `mask: [queryMask, valueMask, keyMask]`; and `useCausalMask` — all ANDed,
 * as Keras does. The output carries the query's mask. `returnAttentionScores`
 * makes a second output (use `applyAll`). In a symbolic graph only the
 * inputs' masks and `training` apply: pass `attentionMask`, `useCausalMask`
 * and `returnAttentionScores` in concrete calls (e.g. in a custom layer's `call`).
 *
 * Input shapes: query `(batch, T, queryDim)`, value `(batch, S, valueDim)`, key
 * `(batch, S, keyDim)` (or several sequence axes, attended jointly).
 * Output shape: `(batch, T, ...outputShape)`; scores `(batch, numHeads, T, S)`.
 * Weights (Keras 3's layout and order): `query/kernel` `(queryDim, numHeads, keyDim)`,
 * `query/bias` `(numHeads, keyDim)`, the same for `key` and `value` (with `valueDim`),
 * `attention_output/kernel` `(numHeads, valueDim, ...outputShape)`, `attention_output/bias` `(...outputShape)`.
 *
 * @param numHeads The number of heads. @param keyDim The size of each head for queries and keys.
 * @throws ConfigError for bad arguments, or call-time options on symbolic inputs; ShapeError for inputs that do not fit.
 * @example
 * ```ts
 * const mha = new MultiHeadAttention(2, 8);
 * const x = randomNormal([1, 5, 16]);
 * const y = mha.apply([x, x], { useCausalMask: true });     // shape [1, 5, 16]
 * const [out, scores] = mha.applyAll([x, x], { returnAttentionScores: true }); // scores [1, 2, 5, 5]
 * ```
 */
export class MultiHeadAttention extends Layer {
  static override readonly className = 'MultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputShape: number[] | null;
  readonly attentionAxes: number[] | null;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly kernelConstraint: Constraint | null;
  readonly biasConstraint: Constraint | null;
  readonly seed: number | null;
  private readonly seeds: LayerSeed;
  private readonly kernels = new Map<Part, LayerWeight>();
  private readonly biases = new Map<Part, LayerWeight>();
  private flags: Flags = noFlags;

  constructor(numHeads: number, keyDim: number, args: MultiHeadAttentionArgs = {}) {
    super(args);
    const who = this.label;
    this.numHeads = positiveInt(numHeads, 'numHeads', who);
    this.keyDim = positiveInt(keyDim, 'keyDim', who);
    this.valueDim = args.valueDim == null ? this.keyDim : positiveInt(args.valueDim, 'valueDim', who);
    this.dropout = numberIn(args.dropout ?? 0, 'dropout', who, 0, 1, true);
    this.useBias = bool(args.useBias ?? true, 'useBias', who);
    this.outputShape = intList(args.outputShape, 'outputShape', who, 1);
    this.attentionAxes = intList(args.attentionAxes, 'attentionAxes', who, -Infinity);
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform', who);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', who);
    this.kernelRegularizer = regularizerOrNull(args.kernelRegularizer, who);
    this.biasRegularizer = regularizerOrNull(args.biasRegularizer, who);
    this.kernelConstraint = constraintOrNull(args.kernelConstraint, who);
    this.biasConstraint = constraintOrNull(args.biasConstraint, who);
    this.seed = seedArg(args.seed, who);
    this.seeds = new LayerSeed(this.seed);
    this.supportsMasking = true;
  }

  private shapes(inputShape: Shape | Shape[]): [Shape, Shape, Shape] {
    return attentionShapes(inputShape, this.attentionAxes, this.label);
  }

  override build(inputShape: Shape | Shape[]): void {
    const [q, v, k] = this.shapes(inputShape);
    const dim = (s: Shape, name: string) => {
      const d = s[s.length - 1];
      if (d === null || d === undefined) throw new ShapeError(`Invalid input to ${this.label}: expected ${name} with a known last axis, received ${formatShape(s)}.`);
      return d;
    };
    const out = this.outputShape ?? [dim(q, 'query')];
    const n = this.numHeads;
    const add = (part: Part, kernel: number[], bias: number[]) => {
      const common = { initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, constraint: this.kernelConstraint };
      this.kernels.set(part, this.addWeight(`${part}/kernel`, { shape: kernel, ...common }));
      if (this.useBias) {
        this.biases.set(part, this.addWeight(`${part}/bias`, { shape: bias, initializer: this.biasInitializer, regularizer: this.biasRegularizer, constraint: this.biasConstraint }));
      }
    };
    add('query', [dim(q, 'query'), n, this.keyDim], [n, this.keyDim]);
    add('key', [dim(k, 'key'), n, this.keyDim], [n, this.keyDim]);
    add('value', [dim(v, 'value'), n, this.valueDim], [n, this.valueDim]);
    add('attention_output', [n, this.valueDim, ...out], out);
    super.build(inputShape);
  }

  private proj(part: Part, x: Tensor, inAxes = 1): Tensor {
    return project(x, this.kernels.get(part)!.value, this.biases.get(part)?.value ?? null, inAxes);
  }

  override call(inputs: Tensor | Tensor[], { training, mask }: CallOptions): Tensor | Tensor[] {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    this.shapes(xs.map((x) => x.shape));
    const [query, value, key = value] = xs as [Tensor, Tensor, Tensor?];
    const masks = Array.isArray(mask) ? mask : [mask ?? null];
    const { attentionMask, useCausalMask, returnAttentionScores } = this.flags;
    return dl.tidy(() => {
      const b = query.shape[0]!;
      const tShape = query.shape.slice(1, -1);
      const sShape = value.shape.slice(1, -1);
      const t = tShape.reduce((a, c) => a * c, 1);
      const s = sShape.reduce((a, c) => a * c, 1);
      const flatSeq = (x: Tensor) => dl.reshape(x, [b, -1, x.shape[x.rank - 1]!]);
      // (B, T, N, H) → (B, N, T, H), the query scaled by 1/sqrt(keyDim) as Keras does.
      const heads = (x: Tensor) => dl.transpose(x, [0, 2, 1, 3]);
      const q = heads(dl.mul(this.proj('query', flatSeq(query)), 1 / Math.sqrt(this.keyDim)));
      const k = heads(this.proj('key', flatSeq(key)));
      const v = heads(this.proj('value', flatSeq(value)));
      const scores = dl.matMul(q, k, false, true); // (B, N, T, S)
      const flatMask = (m: Tensor | null | undefined, shape: number[]) => (m == null ? null : dl.reshape(m, shape));
      const combined = andAll([
        flatMask(masks[0], [b, t, 1]),
        flatMask(masks[1], [b, 1, s]),
        flatMask(masks[2], [b, 1, s]),
        useCausalMask ? causalMask(t, s) : null,
        attentionMask === null ? null : attentionMask.rank > 3 ? dl.reshape(attentionMask, [attentionMask.shape[0]!, t, s]) : attentionMask,
      ]);
      const probs = maskedSoftmax(scores, combined === null ? null : dl.expandDims(combined, 1));
      const dropped = training && this.dropout > 0 ? dl.dropout(probs, this.dropout, undefined, this.seeds.next()) : probs;
      const attended = dl.transpose(dl.matMul(dropped, v), [0, 2, 1, 3]); // (B, T, N, Hv)
      const out = this.proj('attention_output', attended, 2);
      const output = dl.reshape(out, [b, ...tShape, ...out.shape.slice(2)]);
      if (!returnAttentionScores) return output;
      return [output, dl.reshape(probs, [b, this.numHeads, ...tShape, ...sShape])];
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const [q, v] = this.shapes(inputShape);
    const out = [...q.slice(0, -1), ...(this.outputShape ?? [q[q.length - 1]!])];
    if (!this.flags.returnAttentionScores) return out;
    return [out, [q[0]!, this.numHeads, ...q.slice(1, -1), ...v.slice(1, -1)]];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    const queryMask = (Array.isArray(mask) ? mask[0] : mask) ?? null;
    return this.flags.returnAttentionScores ? [queryMask, null] : queryMask;
  }

  override apply(inputs: SymbolicTensor[], options?: MultiHeadAttentionCallOptions): SymbolicTensor;
  override apply(inputs: Tensor[], options?: MultiHeadAttentionCallOptions): Tensor;
  override apply(inputs: SymbolicTensor[] | Tensor[], options: MultiHeadAttentionCallOptions = {}): SymbolicTensor | Tensor {
    return super.apply(inputs as Tensor[], options);
  }

  /** Like `apply`; with `returnAttentionScores` it returns `[output, scores]`. */
  override applyAll(inputs: SymbolicTensor[], options?: MultiHeadAttentionCallOptions): SymbolicTensor[];
  override applyAll(inputs: Tensor[], options?: MultiHeadAttentionCallOptions): Tensor[];
  override applyAll(inputs: SymbolicTensor[] | Tensor[], options: MultiHeadAttentionCallOptions = {}): SymbolicTensor[] | Tensor[] {
    const { attentionMask = null, returnAttentionScores = false, useCausalMask = false, ...rest } = options;
    if (isSymbolic(inputs) && (attentionMask !== null || returnAttentionScores || useCausalMask)) {
      throw new ConfigError(`Invalid call of ${this.label} on symbolic tensors: \`attentionMask\`, \`useCausalMask\` and \`returnAttentionScores\` apply to concrete calls only (a graph replays only \`training\`); call the layer inside a custom layer's call instead.`);
    }
    this.flags = { attentionMask, returnAttentionScores: bool(returnAttentionScores, 'returnAttentionScores', this.label), useCausalMask: bool(useCausalMask, 'useCausalMask', this.label) };
    try {
      return super.applyAll(inputs as Tensor[], rest);
    } finally {
      this.flags = noFlags;
    }
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputShape,
      attentionAxes: this.attentionAxes,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeOrNull(this.kernelRegularizer),
      biasRegularizer: serializeOrNull(this.biasRegularizer),
      kernelConstraint: serializeOrNull(this.kernelConstraint),
      biasConstraint: serializeOrNull(this.biasConstraint),
      seed: this.seed,
    };
  }

  static override fromConfig(config: LayerConfig): MultiHeadAttention {
    return new MultiHeadAttention(config['numHeads'] as number, config['keyDim'] as number, config as MultiHeadAttentionArgs);
  }
}
