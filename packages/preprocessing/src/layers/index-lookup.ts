import { ConfigError, describeValue, tensor1d, type Tensor } from '@dl/tensor';
import { Layer, type LayerArgs, type LayerConfig, type Shape } from '@dl/layers';
import { encodedShape, outputModeOf, type OutputMode } from './common';

/** Arguments shared by {@link StringLookup} and {@link IntegerLookup} (Keras' names in camelCase). */
export interface IndexLookupArgs<T extends string | number> extends LayerArgs {
  /** Largest vocabulary, special tokens included (default: no limit). */
  maxTokens?: number | null;
  /** How many indices out-of-vocabulary values share (default 1; 0 makes them an error). */
  numOovIndices?: number;
  /** A token that maps to index 0 in `'int'` mode (default null: none). */
  maskToken?: T | null;
  /** The token reported for the OOV index in `getVocabulary()`. */
  oovToken?: T;
  /** A fixed vocabulary (with or without the special tokens at its start) instead of `adapt`. */
  vocabulary?: T[] | null;
  /** Inverse document frequencies for `'tfIdf'` mode, one per vocabulary entry. */
  idfWeights?: number[] | null;
  /** `'int'` (default), `'oneHot'`, `'multiHot'`, `'count'` or `'tfIdf'`. */
  outputMode?: OutputMode | 'one_hot' | 'multi_hot' | 'tf_idf';
  /** Make the encoded outputs `maxTokens` wide even if the vocabulary is smaller (default false). */
  padToMaxTokens?: boolean;
}

const MODES: readonly OutputMode[] = ['int', 'oneHot', 'multiHot', 'count', 'tfIdf'];

/**
 * Keras' `IndexLookup`: the vocabulary, its ordering and the special indices shared by
 * the lookup layers and `TextVectorization`. Index layout: the mask token (in `'int'`
 * mode only), then `numOovIndices` OOV indices, then the vocabulary, most frequent first
 * (ties: the larger token first, as Keras' `np.lexsort(...)[::-1]`).
 */
export abstract class IndexLookup<T extends string | number> extends Layer {
  readonly maxTokens: number | null;
  readonly numOovIndices: number;
  readonly maskToken: T | null;
  readonly oovToken: T;
  readonly outputMode: OutputMode;
  readonly padToMaxTokens: boolean;
  /** The learned or given vocabulary, without special tokens. */
  protected tokens: T[] = [];
  /** Token -> index. */
  protected index = new Map<T, number>();
  /** The idf weights over every index (tfIdf mode). */
  protected idf: Float32Array | null = null;
  protected hasVocabulary = false;
  protected override autocast = false;

  constructor(args: IndexLookupArgs<T>, defaults: { oovToken: T }) {
    super(args);
    const who = this.label;
    const maxTokens = args.maxTokens ?? null;
    if (maxTokens !== null && !(Number.isInteger(maxTokens) && maxTokens > 1)) {
      throw new ConfigError(`Invalid \`maxTokens\` for ${who}: expected an integer > 1 or null, received ${describeValue(maxTokens)}.`);
    }
    this.maxTokens = maxTokens;
    const numOov = args.numOovIndices ?? 1;
    if (!Number.isInteger(numOov) || numOov < 0) {
      throw new ConfigError(`Invalid \`numOovIndices\` for ${who}: expected a non-negative integer, received ${describeValue(numOov)}.`);
    }
    this.numOovIndices = numOov;
    this.maskToken = args.maskToken ?? null;
    this.oovToken = args.oovToken ?? defaults.oovToken;
    this.outputMode = outputModeOf(args.outputMode ?? 'int', MODES, who);
    this.padToMaxTokens = args.padToMaxTokens ?? false;
    if (this.padToMaxTokens && maxTokens === null) {
      throw new ConfigError(`Invalid \`padToMaxTokens\` for ${who}: it needs \`maxTokens\`, received maxTokens null.`);
    }
    if (args.idfWeights != null && this.outputMode !== 'tfIdf') {
      throw new ConfigError(`Invalid \`idfWeights\` for ${who}: only for outputMode "tfIdf", received outputMode "${this.outputMode}".`);
    }
    if (args.vocabulary != null) this.setVocabulary(args.vocabulary, args.idfWeights ?? undefined);
  }

  /** Index of the first OOV slot: 1 with a mask token in `'int'` mode, else 0. */
  protected oovStart(): number {
    return this.maskToken !== null && this.outputMode === 'int' ? 1 : 0;
  }

  /** Index of the first vocabulary token. */
  protected tokenStart(): number {
    return this.oovStart() + this.numOovIndices;
  }

  /** Vocabulary size, special tokens included. */
  vocabularySize(): number {
    return this.tokenStart() + this.tokens.length;
  }

  /** Width of the encoded outputs. */
  protected depth(): number {
    return this.padToMaxTokens && this.maxTokens !== null ? this.maxTokens : this.vocabularySize();
  }

  /**
   * The vocabulary, index by index: with `includeSpecialTokens` (default) entry `i` is
   * the token of index `i` (mask, OOV, then the tokens).
   */
  getVocabulary(includeSpecialTokens = true): T[] {
    const special: T[] = [];
    if (this.oovStart() === 1) special.push(this.maskToken as T);
    for (let i = 0; i < this.numOovIndices; i++) special.push(this.oovToken);
    return includeSpecialTokens ? [...special, ...this.tokens] : [...this.tokens];
  }

  /** The idf weights over every index (`'tfIdf'` mode), or null. */
  getIdfWeights(): number[] | null {
    return this.idf === null ? null : Array.from(this.idf);
  }

  /**
   * Sets the vocabulary (and idf weights in `'tfIdf'` mode) directly, as Keras'
   * `set_vocabulary`: special tokens at its start are recognized and skipped.
   *
   * @throws ConfigError for an empty or repeated vocabulary, a misplaced mask token, too
   *   many tokens for `maxTokens`, or idf weights missing or of another length.
   */
  setVocabulary(vocabulary: readonly T[], idfWeights?: readonly number[]): void {
    const who = this.label;
    if (!Array.isArray(vocabulary) || vocabulary.length === 0) {
      throw new ConfigError(`Invalid \`vocabulary\` for ${who}: expected a non-empty array, received ${describeValue(vocabulary)}.`);
    }
    const special = this.getVocabulary(true).slice(0, this.tokenStart());
    const hasSpecial = special.length > 0 && special.every((s, i) => vocabulary[i] === s);
    const tokens = hasSpecial ? vocabulary.slice(special.length) : [...vocabulary];
    const seen = new Set<T>();
    for (const t of tokens) {
      if (seen.has(t)) throw new ConfigError(`Invalid \`vocabulary\` for ${who}: expected unique tokens, received ${describeValue(t)} twice.`);
      if (this.maskToken !== null && t === this.maskToken) {
        throw new ConfigError(`Invalid \`vocabulary\` for ${who}: the mask token ${describeValue(t)} may only come first, with the other special tokens.`);
      }
      seen.add(t);
    }
    if (this.maxTokens !== null && this.tokenStart() + tokens.length > this.maxTokens) {
      throw new ConfigError(`Invalid \`vocabulary\` for ${who}: expected at most \`maxTokens\` ${this.maxTokens} entries with the special tokens, received ${this.tokenStart() + tokens.length}.`);
    }
    if (this.outputMode === 'tfIdf') {
      if (idfWeights === undefined || idfWeights.length !== vocabulary.length) {
        throw new ConfigError(`Invalid \`idfWeights\` for ${who}: expected ${vocabulary.length} weights (one per vocabulary entry) in "tfIdf" mode, received ${describeValue(idfWeights)}.`);
      }
      const mean = idfWeights.reduce((a, b) => a + b, 0) / idfWeights.length;
      const front = hasSpecial ? [] : new Array<number>(this.tokenStart()).fill(mean);
      this.setIdf([...front, ...idfWeights]);
    }
    this.setTokens(tokens);
  }

  protected setTokens(tokens: T[]): void {
    this.tokens = tokens;
    this.index = new Map(tokens.map((t, i) => [t, this.tokenStart() + i]));
    this.hasVocabulary = true;
    this.vocabularyChanged();
  }

  protected setIdf(weights: number[]): void {
    const depth = this.padToMaxTokens && this.maxTokens !== null ? this.maxTokens : weights.length;
    const idf = new Float32Array(Math.max(depth, weights.length));
    idf.set(weights);
    this.idf = idf;
  }

  /** Hook for subclasses that cache device copies of the vocabulary. */
  protected vocabularyChanged(): void {}

  /**
   * Builds the vocabulary from token counts, as Keras' `finalize_state`: drops the
   * special tokens, sorts by count (ties: larger token first), keeps `maxTokens`, and in
   * `'tfIdf'` mode computes `ln(1 + documents / (1 + documentsWithToken))`.
   */
  protected finalize(counts: Map<T, number>, docCounts: Map<T, number>, numDocs: number): void {
    if (this.maskToken !== null) counts.delete(this.maskToken);
    counts.delete(this.oovToken);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).map((e) => e[0]);
    const limit = this.maxTokens === null ? sorted.length : Math.max(0, this.maxTokens - this.tokenStart());
    const tokens = sorted.slice(0, limit);
    if (this.outputMode === 'tfIdf') {
      const w = tokens.map((t) => Math.fround(Math.log(1 + numDocs / (1 + (docCounts.get(t) ?? 0)))));
      const mean = w.length === 0 ? 0 : Math.fround(w.reduce((a, b) => a + b, 0) / w.length);
      this.setIdf([...new Array<number>(this.tokenStart()).fill(mean), ...w]);
    }
    this.setTokens(tokens);
  }

  protected checkReady(): void {
    if (!this.hasVocabulary) {
      throw new ConfigError(`${this.label} has no vocabulary: call \`await layer.adapt(data)\` or pass \`vocabulary\` first.`);
    }
  }

  /** The idf weights as a tensor (for tfIdf mode). */
  protected idfTensor(): Tensor {
    return tensor1d(this.idf!.subarray(0, this.depth()));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return encodedShape(inputShape, this.outputMode, this.depth()) as Shape;
  }

  protected override outputDtype(): 'int32' | 'float32' {
    return this.outputMode === 'int' ? 'int32' : 'float32';
  }

  override getConfig(): LayerConfig {
    const config: LayerConfig = {
      ...super.getConfig(),
      maxTokens: this.maxTokens,
      numOovIndices: this.numOovIndices,
      maskToken: this.maskToken,
      oovToken: this.oovToken,
      outputMode: this.outputMode,
      padToMaxTokens: this.padToMaxTokens,
      // The adapted state travels in the config (Keras keeps it in assets), so a saved model needs no extra files.
      vocabulary: this.hasVocabulary ? this.getVocabulary(true) : null,
      idfWeights: this.idf === null ? null : Array.from(this.idf.subarray(0, this.vocabularySize())),
    };
    return config;
  }
}
