import { FormatError } from '@dl/tensor';

/** Parses a Keras word-index JSON (`{"word": rank, ...}`) into a Map. */
export function parseWordIndex(bytes: Uint8Array, name = 'word_index.json'): Map<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new FormatError(`Invalid word index "${name}": not UTF-8 JSON (${(e as Error).message}).`, { cause: e });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FormatError(`Invalid word index "${name}": expected a JSON object of word -> index.`);
  }
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Number.isInteger(v)) throw new FormatError(`Invalid word index "${name}": "${k}" maps to ${JSON.stringify(v)}, expected an integer.`);
    out.set(k, v as number);
  }
  return out;
}
