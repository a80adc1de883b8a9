import { ConfigError, FormatError, describeValue, tensor2d, type Tensor2D } from '@dl/tensor';
import { checkInt, checkOneOf } from '../checks';
import type { Sequences } from '../sequence/pad-sequences';
import { DEFAULT_FILTERS, textToWordSequence } from './text-to-word-sequence';

/** How {@link Tokenizer.textsToMatrix} weighs a word in a row. */
export type MatrixMode = 'binary' | 'count' | 'tfidf' | 'freq';

/** Options of {@link Tokenizer}; the defaults are Keras'. */
export interface TokenizerOptions {
  /** Keep only words of index < numWords (the numWords - 1 most frequent); default: all. */
  numWords?: number;
  /** Characters removed from texts (default {@link DEFAULT_FILTERS}); ignored with `charLevel`. */
  filters?: string;
  /** Lowercase texts (default true). */
  lower?: boolean;
  /** Word separator (default `' '`). */
  split?: string;
  /** Every character is a token (default false). */
  charLevel?: boolean;
  /** A token that takes index 1 and stands for unknown words in `textsToSequences` (default: none, unknown words are dropped). */
  oovToken?: string;
}

/** The JSON form of a fitted {@link Tokenizer} (`toJSON` / `Tokenizer.fromJSON`). */
export interface TokenizerConfig {
  numWords: number | null;
  filters: string;
  lower: boolean;
  split: string;
  charLevel: boolean;
  oovToken: string | null;
  documentCount: number;
  /** [word, count] in first-seen order. */
  wordCounts: [string, number][];
  /** [word, number of documents containing it], in first-seen order. */
  wordDocs: [string, number][];
  /** [index, number of documents containing it] (fitOnSequences also counts here). */
  indexDocs: [number, number][];
  /** [word, index]. */
  wordIndex: [string, number][];
}

const MODES: readonly MatrixMode[] = ['binary', 'count', 'tfidf', 'freq'];

/**
 * Turns texts into integer sequences or matrices, with the exact rules of Keras'
 * (legacy) `Tokenizer`, the one *Deep Learning with Python* uses.
 *
 * `fitOnTexts` counts words; the word index orders them by count, most frequent first,
 * ties by first appearance; index 0 is reserved and never given to a word; an `oovToken`
 * takes index 1. `numWords` keeps only the indices below it when converting (the index
 * itself keeps every word). `textsToMatrix` gives one row per text in `'binary'`,
 * `'count'`, `'freq'` or `'tfidf'` mode, where tf-idf is
 * `(1 + ln(count)) * ln(1 + documentCount / (1 + documentsWithWord))`.
 *
 * @example
 * ```ts
 * import { Tokenizer } from '@dl/preprocessing';
 * const tok = new Tokenizer({ numWords: 100, oovToken: '<unk>' });
 * tok.fitOnTexts(['the cat sat', 'the dog']);
 * tok.textsToSequences(['the bird sat']); // [[2, 1, 4]]
 * ```
 */
export class Tokenizer {
  readonly numWords: number | undefined;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly charLevel: boolean;
  readonly oovToken: string | undefined;
  /** Number of texts (and sequences) seen by the fit methods. */
  documentCount = 0;
  /** Word -> total count, in first-seen order. */
  wordCounts = new Map<string, number>();
  /** Word -> number of documents containing it. */
  wordDocs = new Map<string, number>();
  /** Index -> number of documents containing it. */
  indexDocs = new Map<number, number>();
  /** Word -> index (1-based; 0 is reserved). */
  wordIndex = new Map<string, number>();
  /** Index -> word. */
  indexWord = new Map<number, string>();

  /**
   * @param options `numWords`, `filters`, `lower`, `split`, `charLevel`, `oovToken`.
   * @throws ConfigError for a `numWords` that is not a positive integer, or an empty `split`.
   */
  constructor(options: TokenizerOptions = {}) {
    const where = 'Tokenizer';
    if (options.numWords !== undefined) checkInt(options.numWords, 'numWords', where, 1);
    this.numWords = options.numWords;
    this.filters = options.filters ?? DEFAULT_FILTERS;
    this.lower = options.lower ?? true;
    this.split = options.split ?? ' ';
    if (typeof this.split !== 'string' || this.split.length === 0) {
      throw new ConfigError(`Invalid \`split\` for ${where}: expected a non-empty string, received ${describeValue(this.split)}.`);
    }
    this.charLevel = options.charLevel ?? false;
    this.oovToken = options.oovToken;
  }

  private tokens(text: string | string[], where: string): string[] {
    if (Array.isArray(text)) return this.lower ? text.map((t) => String(t).toLowerCase()) : text.map(String);
    if (typeof text !== 'string') {
      throw new ConfigError(`Invalid text for Tokenizer.${where}: expected a string or an array of tokens, received ${describeValue(text)}.`);
    }
    if (this.charLevel) return [...(this.lower ? text.toLowerCase() : text)];
    return textToWordSequence(text, { filters: this.filters, lower: this.lower, split: this.split });
  }

  /**
   * Counts the words of `texts` and rebuilds the word index (can be called repeatedly;
   * counts accumulate).
   *
   * @param texts Strings, or arrays of tokens (taken as already split).
   * @throws ConfigError when a text is neither a string nor an array.
   */
  fitOnTexts(texts: readonly (string | string[])[]): void {
    for (const text of texts) {
      this.documentCount += 1;
      const seq = this.tokens(text, 'fitOnTexts');
      for (const w of seq) this.wordCounts.set(w, (this.wordCounts.get(w) ?? 0) + 1);
      for (const w of new Set(seq)) this.wordDocs.set(w, (this.wordDocs.get(w) ?? 0) + 1);
    }
    // Stable sort: ties keep first-seen order, as Python's sort.
    const sorted = [...this.wordCounts.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
    const vocab = this.oovToken === undefined ? sorted : [this.oovToken, ...sorted];
    this.wordIndex = new Map();
    vocab.forEach((w, i) => this.wordIndex.set(w, i + 1)); // a repeated word keeps its later index, as Python's dict(zip(...))
    this.indexWord = new Map([...this.wordIndex.entries()].map(([w, i]) => [i, w]));
    for (const [w, c] of this.wordDocs) {
      const i = this.wordIndex.get(w);
      if (i !== undefined) this.indexDocs.set(i, c);
    }
  }

  /**
   * Counts, for tf-idf, the documents in which each index occurs (for use with
   * `sequencesToMatrix` when the tokenizer was not fitted on texts).
   */
  fitOnSequences(sequences: Sequences): void {
    this.documentCount += sequences.length;
    for (let k = 0; k < sequences.length; k++) {
      for (const i of new Set(Array.from(sequences[k] ?? []))) this.indexDocs.set(i, (this.indexDocs.get(i) ?? 0) + 1);
    }
  }

  /**
   * Turns each text into its word indices. Unknown words, and words of index >=
   * `numWords`, become the `oovToken`'s index, or are dropped without one.
   *
   * @returns One `number[]` per text (ragged: pad them with `padSequences`).
   */
  textsToSequences(texts: readonly (string | string[])[]): number[][] {
    const oov = this.oovToken === undefined ? undefined : this.wordIndex.get(this.oovToken);
    return texts.map((text) => {
      const out: number[] = [];
      for (const w of this.tokens(text, 'textsToSequences')) {
        const i = this.wordIndex.get(w);
        if (i !== undefined && !(this.numWords !== undefined && i >= this.numWords)) out.push(i);
        else if (this.oovToken !== undefined && oov !== undefined) out.push(oov);
      }
      return out;
    });
  }

  /**
   * Turns index sequences back into space-joined texts (the inverse of
   * `textsToSequences`, up to filtering and case).
   */
  sequencesToTexts(sequences: Sequences): string[] {
    const oov = this.oovToken === undefined ? undefined : this.wordIndex.get(this.oovToken);
    const oovWord = oov === undefined ? undefined : this.indexWord.get(oov);
    const out: string[] = [];
    for (let k = 0; k < sequences.length; k++) {
      const words: string[] = [];
      for (const num of Array.from(sequences[k] ?? [])) {
        const w = this.indexWord.get(num);
        if (w !== undefined && !(this.numWords !== undefined && num >= this.numWords)) words.push(w);
        else if (this.oovToken !== undefined && oovWord !== undefined) words.push(oovWord);
      }
      out.push(words.join(' '));
    }
    return out;
  }

  /**
   * One row per text, `numWords` wide (or `wordIndex.size + 1`): see the class summary
   * for the modes.
   *
   * @param mode `'binary'` (default), `'count'`, `'tfidf'` or `'freq'`.
   * @returns A float32 `Tensor2D` `[texts.length, numWords]`.
   * @throws ConfigError for an unknown mode, or a tokenizer neither fitted nor given `numWords`.
   */
  textsToMatrix(texts: readonly (string | string[])[], mode: MatrixMode = 'binary'): Tensor2D {
    return this.sequencesToMatrix(this.textsToSequences(texts), mode);
  }

  /** {@link textsToMatrix} for index sequences. */
  sequencesToMatrix(sequences: Sequences, mode: MatrixMode = 'binary'): Tensor2D {
    const { data, shape } = this.sequencesToMatrixArray(sequences, mode);
    return tensor2d(data, shape, 'float32');
  }

  /** {@link sequencesToMatrix} as a `Float32Array` and its shape. */
  sequencesToMatrixArray(sequences: Sequences, mode: MatrixMode = 'binary'): { data: Float32Array; shape: [number, number] } {
    const where = 'Tokenizer.sequencesToMatrix';
    checkOneOf(mode, MODES, 'mode', where);
    let numWords: number;
    if (this.numWords !== undefined) numWords = this.numWords;
    else if (this.wordIndex.size > 0) numWords = this.wordIndex.size + 1;
    else throw new ConfigError(`Tokenizer is not fitted: ${where} needs \`numWords\` or a word index; call fitOnTexts first.`);
    if (mode === 'tfidf' && this.documentCount === 0) {
      throw new ConfigError(`Tokenizer is not fitted: ${where} in "tfidf" mode needs document counts; call fitOnTexts or fitOnSequences first.`);
    }
    const n = sequences.length;
    const out = new Float32Array(n * numWords);
    for (let r = 0; r < n; r++) {
      const seq = Array.from(sequences[r] ?? []);
      if (seq.length === 0) continue;
      const counts = new Map<number, number>();
      for (const j of seq) {
        if (!Number.isInteger(j) || j < 0) {
          throw new ConfigError(`Invalid index in \`sequences[${r}]\` for ${where}: expected a non-negative integer, received ${describeValue(j)}.`);
        }
        if (j >= numWords) continue;
        counts.set(j, (counts.get(j) ?? 0) + 1);
      }
      for (const [j, c] of counts) {
        let v: number;
        if (mode === 'count') v = c;
        else if (mode === 'freq') v = c / seq.length;
        else if (mode === 'binary') v = 1;
        else v = (1 + Math.log(c)) * Math.log(1 + this.documentCount / (1 + (this.indexDocs.get(j) ?? 0)));
        out[r * numWords + j] = v;
      }
    }
    return { data: out, shape: [n, numWords] };
  }

  /** The tokenizer's options and fitted state, as plain JSON. */
  toJSON(): TokenizerConfig {
    return {
      numWords: this.numWords ?? null,
      filters: this.filters,
      lower: this.lower,
      split: this.split,
      charLevel: this.charLevel,
      oovToken: this.oovToken ?? null,
      documentCount: this.documentCount,
      wordCounts: [...this.wordCounts],
      wordDocs: [...this.wordDocs],
      indexDocs: [...this.indexDocs],
      wordIndex: [...this.wordIndex],
    };
  }

  /**
   * Rebuilds a tokenizer from {@link toJSON}'s output (or its `JSON.stringify`).
   *
   * @throws FormatError when the JSON is not a tokenizer config.
   */
  static fromJSON(json: TokenizerConfig | string): Tokenizer {
    const c = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<TokenizerConfig> | null;
    if (c === null || typeof c !== 'object' || !Array.isArray(c.wordIndex) || !Array.isArray(c.wordCounts) || typeof c.documentCount !== 'number') {
      throw new FormatError(`Invalid tokenizer JSON for Tokenizer.fromJSON: expected the object of Tokenizer.toJSON(), received ${describeValue(c)}.`);
    }
    const options: TokenizerOptions = {};
    if (c.numWords != null) options.numWords = c.numWords;
    if (c.filters !== undefined) options.filters = c.filters;
    if (c.lower !== undefined) options.lower = c.lower;
    if (c.split !== undefined) options.split = c.split;
    if (c.charLevel !== undefined) options.charLevel = c.charLevel;
    if (c.oovToken != null) options.oovToken = c.oovToken;
    const t = new Tokenizer(options);
    t.documentCount = c.documentCount;
    t.wordCounts = new Map(c.wordCounts);
    t.wordDocs = new Map(c.wordDocs ?? []);
    t.indexDocs = new Map(c.indexDocs ?? []);
    t.wordIndex = new Map(c.wordIndex);
    t.indexWord = new Map(c.wordIndex.map(([w, i]) => [i, w]));
    return t;
  }
}
