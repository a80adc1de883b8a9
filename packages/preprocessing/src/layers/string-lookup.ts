import { ConfigError, describeValue, tensor, tidy, type Tensor } from '@dl/tensor';
import type { LayerConfig } from '@dl/layers';
import { encodeCategorical, forEachBatch, stringsOf, type AdaptData } from './common';
import { IndexLookup, type IndexLookupArgs } from './index-lookup';

/** Arguments of {@link StringLookup}. */
export type StringLookupArgs = IndexLookupArgs<string>;

/**
 * Maps strings to integer indices from a vocabulary, as Keras' `StringLookup`: learned
 * with `adapt` (most frequent first) or given, with OOV and mask indices, and encoded
 * outputs (`'oneHot'`, `'multiHot'`, `'count'`, `'tfIdf'`).
 *
 * Input: a string tensor of any shape. Output: int32 indices of the same shape
 * (`'int'`), or float32 `[..., depth]` encodings over the last axis. The vocabulary (and
 * idf weights) are part of `getConfig()`, so they serialize with the model.
 *
 * @example
 * ```ts
 * import { tensor } from '@dl/tensor';
 * import { StringLookup } from '@dl/preprocessing';
 * const lookup = new StringLookup({ vocabulary: ['a', 'b', 'c'] });
 * lookup.apply(tensor([['a', 'c'], ['d', 'b']])); // [[1, 3], [0, 2]]  (0: OOV "[UNK]")
 * ```
 */
export class StringLookup extends IndexLookup<string> {
  static override readonly className: string = 'StringLookup';

  /**
   * @param args `maxTokens`, `numOovIndices` (1), `maskToken` (null), `oovToken` ("[UNK]"),
   *   `vocabulary`, `idfWeights`, `outputMode` ("int"), `padToMaxTokens`, and the Layer arguments.
   * @throws ConfigError for invalid arguments (see {@link IndexLookup.setVocabulary}).
   */
  constructor(args: StringLookupArgs = {}) {
    super(args, { oovToken: '[UNK]' });
    if (this.numOovIndices > 1) {
      throw new ConfigError(`Invalid \`numOovIndices\` for ${this.label}: at most 1 for strings (Keras hashes strings into several OOV indices with FarmHash, which dl does not have), received ${this.numOovIndices}.`);
    }
  }

  /**
   * Learns the vocabulary from data: a string array (each element one document), a
   * string tensor, or batches of them.
   *
   * @throws ConfigError on empty data.
   */
  async adapt(data: AdaptData): Promise<void> {
    const counts = new Map<string, number>();
    const docs = new Map<string, number>();
    let numDocs = 0;
    await forEachBatch(data, `${this.label}.adapt`, (batch) => {
      const values = stringsOf(batch, `${this.label}.adapt`);
      const rowLen = batch.rank <= 1 ? 1 : batch.shape[batch.rank - 1]!;
      for (let r = 0; r < values.length; r += rowLen) {
        const row = values.slice(r, r + rowLen);
        for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
        for (const v of new Set(row)) docs.set(v, (docs.get(v) ?? 0) + 1);
        numDocs += 1;
      }
    });
    this.finalize(counts, docs, numDocs);
  }

  /** Indices of `values` (host side). @internal */
  lookupValues(values: readonly string[]): Int32Array {
    const out = new Int32Array(values.length);
    const oov = this.oovStart();
    const maskValue = this.outputMode === 'int' ? 0 : -1;
    values.forEach((v, i) => {
      if (this.maskToken !== null && v === this.maskToken) {
        out[i] = maskValue;
        return;
      }
      const k = this.index.get(v);
      if (k !== undefined) out[i] = k;
      else if (this.numOovIndices === 0) {
        throw new ConfigError(`Invalid input for ${this.label}: with \`numOovIndices\` 0 every value must be in the vocabulary, received ${describeValue(v)}; set numOovIndices to 1.`);
      } else out[i] = oov;
    });
    return out;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    this.checkReady();
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const ids = this.lookupValues(stringsOf(x, this.label));
    return tidy(() => {
      const idx = tensor(ids, x.shape, 'int32');
      if (this.outputMode === 'int') return idx;
      return encodeCategorical(idx, this.outputMode, this.depth(), this.outputMode === 'tfIdf' ? { perToken: this.idfTensor() } : {});
    });
  }

  static override fromConfig(config: LayerConfig): StringLookup {
    return new StringLookup(config as unknown as StringLookupArgs);
  }
}
