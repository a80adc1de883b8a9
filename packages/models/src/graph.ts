import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import {
  InputLayer, deserializeRegisteredLayer, serializeLayer,
  type Layer, type LayerConfig, type LayerRegistry, type Node, type SerializedLayer, type SymbolicTensor,
} from '@dl/layers';

/** A functional model's graph: its nodes in an order where every node comes after those it reads. */
export interface Graph {
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  /** Every node between the inputs and the outputs, topologically sorted (input nodes first). */
  nodes: Node[];
  /** Each layer once, in the order of its first node. */
  layers: Layer[];
}

/**
 * Walks back from `outputs` to `inputs` and sorts the nodes in between.
 *
 * @throws ConfigError when an input is not from `Input`, when an output
 * depends on an input that is not in `inputs` ("graph disconnected"), or
 * when an input is given twice.
 */
export function buildGraph(inputs: SymbolicTensor[], outputs: SymbolicTensor[], who: string): Graph {
  for (const [i, t] of inputs.entries()) {
    if (!(t.node.layer instanceof InputLayer)) {
      throw new ConfigError(
        `Invalid \`inputs\` for ${who}: expected tensors made by Input(), received at ${i} the output of ${t.node.layer.label}.`,
      );
    }
  }
  if (new Set(inputs.map((t) => t.id)).size !== inputs.length) {
    throw new ConfigError(`Invalid \`inputs\` for ${who}: the same Input is listed twice.`);
  }
  const inputIds = new Set(inputs.map((t) => t.id));
  const order: Node[] = [];
  const state = new Map<Node, 'visiting' | 'done'>();
  const visit = (node: Node, from: SymbolicTensor) => {
    const s = state.get(node);
    if (s === 'done') return;
    if (s === 'visiting') throw new ConfigError(`Invalid graph for ${who}: it has a cycle through ${node.layer.label}.`);
    state.set(node, 'visiting');
    if (node.layer instanceof InputLayer && !inputIds.has(from.id)) {
      const seen = order.map((n) => n.layer.name).join(', ') || 'none';
      throw new ConfigError(
        `Graph disconnected for ${who}: cannot obtain a value for input "${node.layer.name}", which is not in \`inputs\`. The layers reached without issue: ${seen}.`,
      );
    }
    for (const t of node.inputs) visit(t.node, t);
    state.set(node, 'done');
    order.push(node);
  };
  for (const t of outputs) visit(t.node, t);
  // Inputs no output depends on still belong to the model (Keras keeps them).
  for (const t of inputs) if (!state.has(t.node)) order.unshift(t.node);
  const layers: Layer[] = [];
  for (const n of order) if (!layers.includes(n.layer)) layers.push(n.layer);
  return { inputs, outputs, nodes: order, layers };
}

/**
 * Runs a graph on concrete tensors: each node's layer on the values of its
 * inputs. Masks ride along with the tensors (see `getMask`).
 */
export function runGraph(graph: Graph, xs: Tensor[], training: boolean): Tensor[] {
  const values = new Map<number, Tensor>();
  graph.inputs.forEach((t, i) => values.set(t.id, xs[i]!));
  for (const node of graph.nodes) {
    if (node.layer instanceof InputLayer) continue;
    const ins = node.inputs.map((t) => values.get(t.id)!);
    const arg = ins.length === 1 && node.args.listInput !== true ? ins[0]! : ins;
    const outs = node.layer.applyAll(arg, { training: node.args.training ?? training });
    node.outputs.forEach((t, i) => values.set(t.id, outs[i]!));
  }
  return graph.outputs.map((t) => values.get(t.id)!);
}

/** A reference to a tensor in a config: [layer name, node index among the layer's calls in the graph, output index], as Keras writes them. */
type NodeRef = [string, number, number];
interface LayerEntry extends SerializedLayer {
  name: string;
  inboundNodes: { args: NodeRef[]; list: boolean; training?: boolean }[];
}

/** A graph as Keras-style config fields: `layers` (each with its inbound nodes), `inputLayers`, `outputLayers`. */
export function graphConfig(g: Graph): Record<string, unknown> {
  const ref = (t: SymbolicTensor): NodeRef => [t.sourceLayer.name, t.sourceLayer.inboundNodes.filter((n) => g.nodes.includes(n)).indexOf(t.node), t.outputIndex];
  return {
    layers: g.layers.map((l) => ({
      ...serializeLayer(l),
      name: l.name,
      inboundNodes: l.inboundNodes
        .filter((n) => g.nodes.includes(n))
        .map((n) => ({ args: n.inputs.map(ref), list: n.args.listInput === true, ...(n.args.training === undefined ? {} : { training: n.args.training }) })),
    })),
    inputLayers: g.inputs.map(ref),
    outputLayers: g.outputs.map(ref),
  };
}

/**
 * Rebuilds a graph from `graphConfig`'s fields: layers are deserialized (never
 * running code from the config) and called again in the recorded order.
 *
 * @throws ConfigError for unknown layer classes or dangling references.
 */
export function graphFromConfig(config: LayerConfig, registry?: LayerRegistry): { inputs: SymbolicTensor[]; outputs: SymbolicTensor[] } {
  const entries = config['layers'] as LayerEntry[] | undefined;
  if (!Array.isArray(entries)) {
    throw new ConfigError(`Invalid functional model config: expected a \`layers\` array, received ${describeValue(entries)}.`);
  }
  const layers = new Map<string, Layer>();
  const outputs = new Map<string, SymbolicTensor[][]>();
  for (const e of entries) {
    // Not deserializeLayer: that would keep every layer class in any bundle that uses Model.
    const layer = deserializeRegisteredLayer(e, registry === undefined ? {} : { registry });
    layers.set(e.name, layer);
    outputs.set(e.name, layer instanceof InputLayer ? [[layer.output]] : []);
  }
  const lookup = ([name, node, index]: NodeRef): SymbolicTensor => {
    const t = outputs.get(name)?.[node]?.[index];
    if (t === undefined) throw new ConfigError(`Invalid functional model config: no output ${index} of node ${node} of layer "${name}" (layers must be listed after their inputs).`);
    return t;
  };
  for (const e of entries) {
    const layer = layers.get(e.name)!;
    if (layer instanceof InputLayer) continue;
    for (const n of e.inboundNodes) {
      const ins = n.args.map(lookup);
      const arg = ins.length === 1 && !n.list ? ins[0]! : ins;
      outputs.get(e.name)!.push(layer.applyAll(arg, n.training === undefined ? {} : { training: n.training }));
    }
  }
  const inputs = (config['inputLayers'] as NodeRef[]).map(lookup);
  const outs = (config['outputLayers'] as NodeRef[]).map(lookup);
  return { inputs, outputs: outs };
}
