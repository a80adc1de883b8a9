import { describe, expect, it } from 'vitest';
import { Dense, Input } from '@dl/layers';
import { Model, Sequential, modelToDot, plotModel } from '@dl/models';

describe('plotModel and modelToDot', () => {
  it('draws every layer once and every connection of a branching graph', () => {
    const a = Input({ shape: [4], name: 'in_a' });
    const b = Input({ shape: [2], name: 'in_b' });
    const shared = new Dense(3, { name: 'shared' });
    const ha = shared.apply(a);
    const out = new Dense(1, { name: 'out' }).apply(ha);
    const side = new Dense(5, { name: 'side' }).apply(b);
    const m = new Model({ inputs: [a, b], outputs: [out, side] });
    const dot = modelToDot(m, { showShapes: true });
    expect(dot).toContain('digraph "');
    expect(dot.match(/\[label=/g)!.length).toBe(5);
    expect(dot).toContain('shared (Dense)|(None, 3)');
    expect(dot.match(/->/g)!.length).toBe(3);
    const svg = plotModel(m, { showShapes: true });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)!.length).toBe(5);
    expect(svg.match(/<line /g)!.length).toBe(3);
    expect(svg).toContain('>out (Dense)<');
  });

  it('a Sequential model draws as a chain, and names are escaped in SVG', () => {
    const m = new Sequential([Input({ shape: [3] }), new Dense(2, { name: 'a<b' }), new Dense(1)]);
    const svg = plotModel(m, { rankdir: 'LR' });
    expect(svg).toContain('a&lt;b (Dense)');
    expect(svg.match(/<rect /g)!.length).toBe(3);
    expect(svg.match(/<line /g)!.length).toBe(2);
  });
});
