import { ConfigError, describeValue, tensor2d, type Tensor } from '@dl/tensor';
import type { LayerConfig, Shape } from '@dl/layers';
import { forEachBatch, stringsOf, type AdaptData, type OutputMode } from './common';
import { IndexLookup, type IndexLookupArgs } from './index-lookup';

/** How {@link TextVectorization} standardizes text (Keras' snake_case names accepted). */
export type Standardize = 'lowerAndStripPunctuation' | 'lower' | 'stripPunctuation' | null;
/** How {@link TextVectorization} splits text. */
export type Split = 'whitespace' | 'character' | null;

/** Arguments of {@link TextVectorization}. */
export interface TextVectorizationArgs extends Omit<IndexLookupArgs<string>, 'numOovIndices' | 'maskToken' | 'oovToken' | 'outputMode'> {
  /** Default `'lowerAndStripPunctuation'` (ASCII lowercase, then Keras' punctuation set removed). */
  standardize?: Standardize | 'lower_and_strip_punctuation' | 'strip_punctuation';
  /** Default `'whitespace'` (runs of whitespace; leading and trailing ignored). */
  split?: Split;
  /** n-grams: an integer N (1..N-grams) or a list of sizes (default null: tokens only). */
  ngrams?: number | number[] | null;
  /** `'int'` (default), `'multiHot'`, `'count'` or `'tfIdf'`. */
  outputMode?: Exclude<OutputMode, 'oneHot'> | 'multi_hot' | 'tf_idf';
  /** In `'int'` mode: pad (with 0) or cut every row to this length (default: the longest row). */
  outputSequenceLength?: number | null;
}

const STRIP = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;
const WHITESPACE = /[ \t\n\r\f\v]+/;

/**
 * Turns raw strings into integer sequences or vectors, as Keras' `TextVectorization`
 * (the book's text classification chapters): standardize, split, optional n-grams,
 * then an index lookup whose vocabulary `adapt` learns (index 0: padding, 1: OOV
 * "[UNK]" in `'int'` mode), and an output mode.
 *
 * Input: a string tensor `[batch]` or `[batch, 1]` (or `tensor(['text', ...])`).
 * Output: int32 `[batch, outputSequenceLength]` in `'int'` mode, else float32
 * `[batch, depth]` (multi-hot, counts, or tf-idf with Keras' idf
 * `ln(1 + documents / (1 + documentsWithToken))`). The vocabulary and idf weights
 * serialize in `getConfig()`.
 *
 * Runs on the host (tfjs has no string kernels for this) in Node and the browser alike;
 * string tensors live in host memory on every backend.
 *
 * @example
 * ```ts
 * import { tensor } from '@dl/tensor';
 * import { TextVectorization } from '@dl/preprocessing';
 * const tv = new TextVectorization({ maxTokens: 5000, outputSequenceLength: 4 });
 * await tv.adapt(['foo bar', 'bar baz', 'baz bada boom']);
 * tv.apply(tensor([['foo qux bar'], ['qux baz']])); // [[4, 1, 3, 0], [1, 2, 0, 0]]
 * ```
 */
export class TextVectorization extends IndexLookup<string> {
  static override readonly className: string = 'TextVectorization';
  readonly standardize: Standardize;
  readonly split: Split;
  readonly ngrams: number[] | null;
  private readonly ngramsArg: number | number[] | null;
  readonly outputSequenceLength: number | null;

  /**
   * @param args `maxTokens`, `standardize`, `split`, `ngrams`, `outputMode`, `outputSequenceLength`,
   *   `padToMaxTokens`, `vocabulary`, `idfWeights`, and the Layer arguments.
   * @throws ConfigError for unknown modes, bad n-gram sizes, or `outputSequenceLength` outside `'int'` mode.
   */
  constructor(args: TextVectorizationArgs = {}) {
    const { standardize: s, split: sp, ngrams, outputSequenceLength, ...rest } = args;
    super({ ...rest, maskToken: '', oovToken: '[UNK]', numOovIndices: 1 } as IndexLookupArgs<string>, { oovToken: '[UNK]' });
    const who = this.label;
    const std = s === undefined ? 'lowerAndStripPunctuation' : s === 'lower_and_strip_punctuation' ? 'lowerAndStripPunctuation' : s === 'strip_punctuation' ? 'stripPunctuation' : s;
    if (std !== null && !['lowerAndStripPunctuation', 'lower', 'stripPunctuation'].includes(std)) {
      throw new ConfigError(`Invalid \`standardize\` for ${who}: expected "lowerAndStripPunctuation", "lower", "stripPunctuation" or null, received ${describeValue(s)}.`);
    }
    this.standardize = std;
    const split = sp === undefined ? 'whitespace' : sp;
    if (split !== null && split !== 'whitespace' && split !== 'character') {
      throw new ConfigError(`Invalid \`split\` for ${who}: expected "whitespace", "character" or null, received ${describeValue(sp)}.`);
    }
    this.split = split;
    if (this.outputMode === 'oneHot') throw new ConfigError(`Invalid \`outputMode\` for ${who}: expected "int", "multiHot", "count" or "tfIdf", received "oneHot".`);
    this.ngramsArg = ngrams ?? null;
    if (ngrams == null) this.ngrams = null;
    else if (typeof ngrams === 'number' && Number.isInteger(ngrams) && ngrams >= 1) this.ngrams = Array.from({ length: ngrams }, (_, i) => i + 1);
    else if (Array.isArray(ngrams) && ngrams.length > 0 && ngrams.every((n) => Number.isInteger(n) && n >= 1)) this.ngrams = [...ngrams];
    else throw new ConfigError(`Invalid \`ngrams\` for ${who}: expected null, a positive integer or a list of them, received ${describeValue(ngrams)}.`);
    const osl = outputSequenceLength ?? null;
    if (osl !== null && (this.outputMode !== 'int' || !Number.isInteger(osl) || osl < 1)) {
      throw new ConfigError(`Invalid \`outputSequenceLength\` for ${who}: expected a positive integer in "int" mode (or null), received ${describeValue(osl)} with outputMode "${this.outputMode}".`);
    }
    this.outputSequenceLength = osl;
  }

  /** Standardizes, splits and makes n-grams of one text, as Keras' `_preprocess`. */
  tokenize(text: string): string[] {
    let s = text;
    if (this.standardize === 'lower' || this.standardize === 'lowerAndStripPunctuation') s = s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    if (this.standardize === 'stripPunctuation' || this.standardize === 'lowerAndStripPunctuation') s = s.replace(STRIP, '');
    let tokens: string[];
    if (this.split === 'whitespace') tokens = s.split(WHITESPACE).filter((t) => t.length > 0);
    else if (this.split === 'character') tokens = [...s];
    else tokens = [s];
    if (this.ngrams === null) return tokens;
    const out: string[] = [];
    for (const n of this.ngrams) for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
    return out;
  }

  private rows(x: Tensor, where: string): string[] {
    if (this.split !== null && x.rank > 1 && !(x.rank === 2 && x.shape[1] === 1)) {
      throw new ConfigError(`Invalid input for ${where}: expected strings of shape [batch] or [batch, 1] when splitting, received shape [${x.shape.join(',')}].`);
    }
    return stringsOf(x, where);
  }

  /**
   * Learns the vocabulary (and document frequencies in `'tfIdf'` mode) from texts: a
   * string array, a string tensor, or batches of them; each string is one document.
   *
   * @throws ConfigError on empty data or a non-string input.
   */
  async adapt(data: AdaptData): Promise<void> {
    const counts = new Map<string, number>();
    const docs = new Map<string, number>();
    let numDocs = 0;
    await forEachBatch(data, `${this.label}.adapt`, (batch) => {
      for (const text of this.rows(batch, `${this.label}.adapt`)) {
        const toks = this.tokenize(text);
        for (const t of toks) counts.set(t, (counts.get(t) ?? 0) + 1);
        for (const t of new Set(toks)) docs.set(t, (docs.get(t) ?? 0) + 1);
        numDocs += 1;
      }
    });
    this.finalize(counts, docs, numDocs);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    this.checkReady();
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const texts = this.rows(x, this.label);
    const oov = this.oovStart();
    const ids = texts.map((t) => this.tokenize(t).map((w) => (w === '' ? (this.outputMode === 'int' ? 0 : -1) : this.index.get(w) ?? oov)));
    if (this.outputMode === 'int') {
      const len = this.outputSequenceLength ?? Math.max(0, ...ids.map((r) => r.length));
      const out = new Int32Array(texts.length * len);
      ids.forEach((r, i) => out.set(r.slice(0, len), i * len));
      return tensor2d(out, [texts.length, len], 'int32');
    }
    const depth = this.depth();
    const out = new Float32Array(texts.length * depth);
    ids.forEach((r, i) => {
      for (const k of r) {
        if (k < 0 || k >= depth) continue;
        if (this.outputMode === 'multiHot') out[i * depth + k] = 1;
        else out[i * depth + k] = out[i * depth + k]! + 1;
      }
      if (this.outputMode === 'tfIdf') for (let k = 0; k < depth; k++) out[i * depth + k] = Math.fround(out[i * depth + k]! * this.idf![k]!);
    });
    return tensor2d(out, [texts.length, depth], 'float32');
  }

  override computeOutputShape(inputShape: Shape): Shape {
    if (this.outputMode === 'int') return [inputShape[0] ?? null, this.outputSequenceLength];
    return [inputShape[0] ?? null, this.depth()];
  }

  override getConfig(): LayerConfig {
    const { maskToken: _m, oovToken: _o, numOovIndices: _n, ...config } = super.getConfig();
    return { ...config, standardize: this.standardize, split: this.split, ngrams: this.ngramsArg, outputSequenceLength: this.outputSequenceLength };
  }

  static override fromConfig(config: LayerConfig): TextVectorization {
    return new TextVectorization(config as unknown as TextVectorizationArgs);
  }
}
