import { formatShape, type Layer, type Shape } from '@dl/layers';
import type { Model } from './model';

/** Options of `plotModel` and `modelToDot` (Keras' `plot_model` arguments). */
export interface PlotOptions {
  /** Show each layer's output shape. Default false. */
  showShapes?: boolean;
  /** Show layer names. Default true. */
  showLayerNames?: boolean;
  /** Show the dtype of each layer's output. Default false. */
  showDtype?: boolean;
  /** `TB` (top to bottom, default) or `LR`. */
  rankdir?: 'TB' | 'LR';
}

interface Box {
  layer: Layer;
  label: string[];
  depth: number;
}

function boxes(model: Model, options: PlotOptions): { boxes: Box[]; edges: [number, number][] } {
  const layers = model.layers.length > 0 && model.inputs.length > 0 ? graphLayers(model) : model.layers;
  const index = new Map(layers.map((l, i) => [l, i]));
  const edges: [number, number][] = [];
  const depth = new Array<number>(layers.length).fill(0);
  layers.forEach((l, i) => {
    for (const node of l.inboundNodes) {
      for (const t of node.inputs) {
        const from = index.get(t.sourceLayer);
        if (from === undefined) continue;
        if (!edges.some(([a, b]) => a === from && b === i)) edges.push([from, i]);
        depth[i] = Math.max(depth[i]!, depth[from]! + 1);
      }
    }
  });
  const out = layers.map((layer, i) => {
    const cls = (layer.constructor as { className?: string }).className ?? 'Layer';
    const label = [options.showLayerNames ?? true ? `${layer.name} (${cls})` : cls];
    const node = layer.inboundNodes.find((n) => n.outputs.length > 0);
    if (options.showShapes && node !== undefined) label.push(node.outputs.map((t) => formatShape(t.shape as Shape)).join(', '));
    if (options.showDtype && node !== undefined) label.push(node.outputs.map((t) => t.dtype).join(', '));
    return { layer, label, depth: depth[i]! };
  });
  return { boxes: out, edges };
}

/** The layers of a graph model, InputLayers included (a Sequential lists them apart). */
function graphLayers(model: Model): Layer[] {
  const seen: Layer[] = [];
  for (const t of model.inputs) if (!seen.includes(t.sourceLayer)) seen.push(t.sourceLayer);
  for (const l of model.layers) if (!seen.includes(l)) seen.push(l);
  return seen;
}

const escapeDot = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Keras' `model_to_dot`: the model's graph in Graphviz DOT, one box per layer
 * and an edge per connection (render it with any Graphviz tool; dl needs none).
 *
 * @example
 * ```ts
 * const dot = modelToDot(model, { showShapes: true });
 * ```
 */
export function modelToDot(model: Model, options: PlotOptions = {}): string {
  const { boxes: bs, edges } = boxes(model, options);
  const lines = [`digraph "${escapeDot(model.name)}" {`, `  rankdir=${options.rankdir ?? 'TB'};`, '  node [shape=record, fontname="Helvetica"];'];
  bs.forEach((b, i) => lines.push(`  n${i} [label="${b.label.map(escapeDot).join('|')}"];`));
  for (const [a, b] of edges) lines.push(`  n${a} -> n${b};`);
  lines.push('}');
  return lines.join('\n');
}

/**
 * Keras' `plot_model`, without Graphviz: an SVG drawing of the model's graph,
 * layers laid out by depth (inputs first), with arrows for connections.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('model.svg', plotModel(model, { showShapes: true }));
 * ```
 */
export function plotModel(model: Model, options: PlotOptions = {}): string {
  const { boxes: bs, edges } = boxes(model, options);
  const lineH = 16;
  const boxH = Math.max(1, ...bs.map((b) => b.label.length)) * lineH + 12;
  const boxW = Math.max(120, ...bs.flatMap((b) => b.label.map((l) => l.length * 7 + 24)));
  const gapMain = 40;
  const gapCross = 30;
  const lr = options.rankdir === 'LR';
  const levels = new Map<number, number[]>();
  bs.forEach((b, i) => levels.set(b.depth, [...(levels.get(b.depth) ?? []), i]));
  const widest = Math.max(...[...levels.values()].map((l) => l.length));
  const pos: { x: number; y: number }[] = [];
  for (const [d, members] of levels) {
    members.forEach((i, k) => {
      const cross = (k - (members.length - 1) / 2) * (lr ? boxH + gapCross : boxW + gapCross) + (widest * (lr ? boxH + gapCross : boxW + gapCross)) / 2;
      const main = d * ((lr ? boxW : boxH) + gapMain) + 10;
      pos[i] = lr ? { x: main, y: cross } : { x: cross - boxW / 2 + 10, y: main };
      if (lr) pos[i]!.y -= boxH / 2 - 10;
    });
  }
  const width = Math.max(...pos.map((p) => p.x)) + boxW + 10;
  const height = Math.max(...pos.map((p) => p.y)) + boxH + 10;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    '<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs>',
  ];
  for (const [a, b] of edges) {
    const p = pos[a]!;
    const q = pos[b]!;
    const [x1, y1, x2, y2] = lr ? [p.x + boxW, p.y + boxH / 2, q.x, q.y + boxH / 2] : [p.x + boxW / 2, p.y + boxH, q.x + boxW / 2, q.y];
    parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#555" marker-end="url(#arrow)"/>`);
  }
  bs.forEach((b, i) => {
    const p = pos[i]!;
    parts.push(`<g><rect x="${p.x}" y="${p.y}" width="${boxW}" height="${boxH}" rx="4" fill="#f4f6fb" stroke="#334"/>`);
    b.label.forEach((text, k) => parts.push(`<text x="${p.x + boxW / 2}" y="${p.y + 20 + k * lineH}" text-anchor="middle">${escapeXml(text)}</text>`));
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('\n');
}
