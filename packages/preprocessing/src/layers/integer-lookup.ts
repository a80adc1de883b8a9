import { ConfigError, add, cast, describeValue, equal, floorDiv, gather, lowerBound, minimum, mul, reshape, scalar, sub, tensor1d, tidy, where, type Tensor } from '@dl/tensor';
import type { LayerConfig } from '@dl/layers';
import { encodeCategorical, forEachBatch, type AdaptData } from './common';
import { IndexLookup, type IndexLookupArgs } from './index-lookup';
import { read } from '@dl/tensor';

/** Arguments of {@link IntegerLookup}. */
export type IntegerLookupArgs = IndexLookupArgs<number>;

/**
 * Maps integers (ids, categories) to contiguous indices from a vocabulary, as Keras'
 * `IntegerLookup`, on the device (a sorted search; nothing is read back).
 *
 * OOV values go to the OOV index (with several OOV indices: `value mod numOovIndices`, as
 * Keras' default). With `numOovIndices: 0` an OOV value maps to -1 (Keras raises; that
 * would need a read). Output as {@link StringLookup}.
 *
 * @example
 * ```ts
 * import { tensor1d } from '@dl/tensor';
 * import { IntegerLookup } from '@dl/preprocessing';
 * const lookup = new IntegerLookup({ vocabulary: [12, 36, 1138, 42] });
 * lookup.apply(tensor1d([12, 1138, 42, 7], 'int32')); // [1, 3, 4, 0]
 * ```
 */
export class IntegerLookup extends IndexLookup<number> {
  static override readonly className: string = 'IntegerLookup';

  /**
   * @param args `maxTokens`, `numOovIndices` (1), `maskToken` (null), `oovToken` (-1),
   *   `vocabulary`, `idfWeights`, `outputMode` ("int"), `padToMaxTokens`, and the Layer arguments.
   * @throws ConfigError for invalid arguments or non-integer vocabulary entries.
   */
  constructor(args: IntegerLookupArgs = {}) {
    super(args, { oovToken: -1 });
  }

  override setVocabulary(vocabulary: readonly number[], idfWeights?: readonly number[]): void {
    if (Array.isArray(vocabulary)) {
      const bad = vocabulary.find((v) => !Number.isInteger(v));
      if (bad !== undefined) throw new ConfigError(`Invalid \`vocabulary\` for ${this.label}: expected integers, received ${describeValue(bad)}.`);
    }
    super.setVocabulary(vocabulary, idfWeights);
  }

  /**
   * Learns the vocabulary from integer data (an array, a tensor, or batches), reading it
   * to the host once.
   *
   * @throws ConfigError on empty data or non-integer values.
   */
  async adapt(data: AdaptData): Promise<void> {
    const counts = new Map<number, number>();
    const docs = new Map<number, number>();
    let numDocs = 0;
    await forEachBatch(data, `${this.label}.adapt`, async (batch) => {
      const values = Array.from(await read(batch));
      const rowLen = batch.rank <= 1 ? 1 : batch.shape[batch.rank - 1]!;
      for (let r = 0; r < values.length; r += rowLen) {
        const row = values.slice(r, r + rowLen);
        for (const v of row) {
          if (!Number.isInteger(v)) throw new ConfigError(`Invalid data for ${this.label}.adapt: expected integers, received ${describeValue(v)}.`);
          counts.set(v, (counts.get(v) ?? 0) + 1);
        }
        for (const v of new Set(row)) docs.set(v, (docs.get(v) ?? 0) + 1);
        numDocs += 1;
      }
    });
    this.finalize(counts, docs, numDocs);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    this.checkReady();
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const order = this.tokens.map((t, i) => [t, this.tokenStart() + i] as const).sort((a, b) => a[0] - b[0]);
    return tidy(() => {
      const flat = reshape(cast(x, 'int32'), [-1]);
      let ids: Tensor;
      const oovStart = this.oovStart();
      let oov: Tensor;
      if (this.numOovIndices === 0) oov = scalar(-1, 'int32');
      else if (this.numOovIndices === 1) oov = scalar(oovStart, 'int32');
      else {
        const n = scalar(this.numOovIndices, 'int32');
        oov = add(sub(flat, mul(floorDiv(flat, n), n)), scalar(oovStart, 'int32'));
      }
      if (order.length === 0) ids = mul(oov, scalar(1, 'int32'));
      else {
        const keys = tensor1d(order.map((o) => o[0]), 'int32');
        const vals = tensor1d(order.map((o) => o[1]), 'int32');
        const pos = minimum(lowerBound(keys, flat), scalar(order.length - 1, 'int32'));
        const found = equal(gather(keys, pos), flat);
        ids = where(found, gather(vals, pos), oov);
      }
      if (this.maskToken !== null) ids = where(equal(flat, scalar(this.maskToken, 'int32')), scalar(this.outputMode === 'int' ? 0 : -1, 'int32'), ids);
      const idx = reshape(ids, x.shape);
      if (this.outputMode === 'int') return idx;
      return encodeCategorical(idx, this.outputMode, this.depth(), this.outputMode === 'tfIdf' ? { perToken: this.idfTensor() } : {});
    });
  }

  static override fromConfig(config: LayerConfig): IntegerLookup {
    return new IntegerLookup(config as unknown as IntegerLookupArgs);
  }
}
