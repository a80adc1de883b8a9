import { InputLayer, formatShape, type Layer, type Shape } from '@dl/layers';
import type { Model } from './model';

/** `summary`'s options (Keras' `summary(line_length, print_fn, show_trainable)`). */
export interface SummaryOptions {
  /** Total width of the table. Default 98 (86 without "Connected to"). */
  lineLength?: number;
  /** Where lines go. Default `console.log`. Return value: the whole text either way. */
  printFn?: (line: string) => void;
  /** Add a column saying whether each layer trains. */
  showTrainable?: boolean;
}

function count(layer: Layer, trainable: boolean): number {
  const ws = trainable ? layer.trainableWeights : layer.nonTrainableWeights;
  return ws.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
}

/** Keras' readable_memory_size: 1.55 MB for 407,050 float32 parameters. */
function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let size = n * 4;
  let u = 0;
  while (size >= 1024 && u < units.length - 1) {
    size /= 1024;
    u++;
  }
  return `${size.toFixed(2)} ${units[u]}`;
}

function fit(text: string, width: number, right = false): string {
  const t = text.length > width - 2 ? `${text.slice(0, width - 3)}…` : text;
  return right ? ` ${t.padStart(width - 2)} ` : ` ${t.padEnd(width - 2)} `;
}

function outputShapes(layer: Layer, model: Model): string {
  const nodes = layer.inboundNodes.filter((n) => model.layers.includes(n.layer));
  const node = nodes[nodes.length - 1];
  if (node === undefined) return '?';
  const shapes = node.outputs.map((t) => formatShape(t.shape as Shape));
  return shapes.length === 1 ? shapes[0]! : `[${shapes.join(', ')}]`;
}

/**
 * Keras 3's model summary: a table of the layers (name and class, output
 * shape, parameter count, and for functional models with branches the
 * layers each one is connected to), then the parameter totals.
 */
export function summary(model: Model, options: SummaryOptions = {}): string {
  const layers = model.layers.filter((l) => !(l instanceof InputLayer) || model.constructor.name !== 'Sequential');
  const functional = model.inputs.length > 0 && (model.constructor as { className?: string }).className !== 'Sequential';
  const connected = functional && model.layers.some((l) => l.inboundNodes.some((n) => n.inputs.length > 1));
  const total = options.lineLength ?? (connected ? 98 : 86);
  const fractions = connected ? [0.3, 0.56, 0.68, 1] : [0.45, 0.84, 1];
  const widths = fractions.map((f, i) => Math.round(total * f) - (i === 0 ? 0 : Math.round(total * fractions[i - 1]!)));
  if (options.showTrainable) widths.push(11);
  const headers = ['Layer (type)', 'Output Shape', 'Param #', ...(connected ? ['Connected to'] : []), ...(options.showTrainable ? ['Trainable'] : [])];
  const line = (l: string, m: string, r: string, fill: string) => l + widths.map((w) => fill.repeat(w)).join(m) + r;
  const row = (cells: string[], sep = '│') => sep + cells.map((c, i) => fit(c, widths[i]!, headers[i] === 'Param #')).join(sep) + sep;
  const out: string[] = [`Model: "${model.name}"`];
  out.push(line('┏', '┳', '┓', '━'));
  out.push(row(headers, '┃'));
  out.push(line('┡', '╇', '┩', '━'));
  layers.forEach((layer, i) => {
    const params = layer.countParams();
    const cls = (layer.constructor as { className?: string }).className ?? layer.constructor.name;
    const cells = [`${layer.name} (${cls})`, model.built ? outputShapes(layer, model) : '?', params.toLocaleString('en-US')];
    if (connected) {
      const ins = layer.inboundNodes.flatMap((n) => n.inputs.map((t) => `${t.sourceLayer.name}[${t.sourceLayer.inboundNodes.indexOf(t.node)}][${t.outputIndex}]`));
      cells.push(ins.join(', ') || '-');
    }
    if (options.showTrainable) cells.push(layer.trainable ? 'Y' : 'N');
    out.push(row(cells));
    if (i < layers.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  const trainable = layers.reduce((n, l) => n + count(l, true), 0);
  const nonTrainable = layers.reduce((n, l) => n + count(l, false), 0);
  const fmt = (n: number) => `${n.toLocaleString('en-US')} (${bytes(n)})`;
  out.push(` Total params: ${fmt(trainable + nonTrainable)}`);
  out.push(` Trainable params: ${fmt(trainable)}`);
  out.push(` Non-trainable params: ${fmt(nonTrainable)}`);
  const text = out.join('\n');
  (options.printFn ?? ((s: string) => console.log(s)))(text);
  return text;
}
