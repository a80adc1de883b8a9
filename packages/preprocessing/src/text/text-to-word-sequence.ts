import { ConfigError, describeValue } from '@dl/tensor';

/** Keras' default filters: punctuation, tab and newline (not the apostrophe). */
export const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** Options of {@link textToWordSequence}; the defaults are Keras'. */
export interface TextToWordSequenceOptions {
  /** Characters replaced by `split` before splitting (default {@link DEFAULT_FILTERS}). */
  filters?: string;
  /** Lowercase the text first (default true). */
  lower?: boolean;
  /** The separator (default `' '`). */
  split?: string;
}

/**
 * Splits a text into words, as Keras' (legacy) `text_to_word_sequence`.
 *
 * Lowercases (by default), replaces every character of `filters` with `split`, splits
 * on `split` and drops empty strings.
 *
 * @param text The text.
 * @param options `filters`, `lower`, `split`.
 * @returns The words.
 * @throws ConfigError when `text` is not a string or `split` is empty.
 * @example
 * ```ts
 * import { textToWordSequence } from '@dl/preprocessing';
 * textToWordSequence('Hello, World! It\'s me.'); // ['hello', 'world', "it's", 'me']
 * ```
 */
export function textToWordSequence(text: string, options: TextToWordSequenceOptions = {}): string[] {
  if (typeof text !== 'string') {
    throw new ConfigError(`Invalid \`text\` for textToWordSequence: expected a string, received ${describeValue(text)}.`);
  }
  const split = options.split ?? ' ';
  if (typeof split !== 'string' || split.length === 0) {
    throw new ConfigError(`Invalid \`split\` for textToWordSequence: expected a non-empty string, received ${describeValue(split)}.`);
  }
  const filters = new Set(options.filters ?? DEFAULT_FILTERS);
  let s = options.lower ?? true ? text.toLowerCase() : text;
  if (filters.size > 0) {
    let out = '';
    for (const c of s) out += filters.has(c) ? split : c;
    s = out;
  }
  return s.split(split).filter((w) => w.length > 0);
}
