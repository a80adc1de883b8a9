import * as dl from '@dl/tensor';
import { ConfigError, FormatError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { assertSafeConfig, formatShape, registerBuiltInLayers, type LayerConfig, type LayerRegistry } from '@dl/layers';
import { Model } from './model';
import { Sequential } from './sequential';

/** One weight in a tfjs `weightsManifest` group. */
interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

/** What a tfjs-layers `model.json` holds (the fields dl reads). */
export interface TfjsModelJSON {
  modelTopology: Record<string, unknown>;
  weightsManifest?: { paths: string[]; weights: WeightSpec[] }[];
  format?: string;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Keras/tfjs snake_case configs (and `{ class_name, config }` objects) to dl's camelCase. */
function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k === 'class_name' ? 'className' : camel(k)] = convert(v);
  return out;
}

/** A tfjs layer entry as dl's `{ className, config }` (InputLayer's `batchInputShape` is dl's `batchShape`). */
function layerEntry(entry: Record<string, unknown>): Record<string, unknown> {
  const e = convert(entry) as { className: string; config: LayerConfig; name?: string; inboundNodes?: unknown };
  if (e.className === 'InputLayer' && e.config['batchInputShape'] !== undefined) e.config['batchShape'] = e.config['batchInputShape'];
  return e;
}

function topologyToModel(topology: Record<string, unknown>, registry?: LayerRegistry): Model {
  registerBuiltInLayers(); // a tfjs model may name any built-in layer
  const top = (topology['model_config'] ?? topology) as { class_name?: string; config?: unknown };
  const cls = top.class_name;
  if (cls === 'Sequential') {
    const raw = top.config as { name?: string; layers?: Record<string, unknown>[] } | Record<string, unknown>[];
    const layers = Array.isArray(raw) ? raw : raw.layers ?? [];
    const name = Array.isArray(raw) ? undefined : raw.name;
    return Sequential.fromConfig({ name: name ?? 'sequential', trainable: true, dtype: 'float32', layers: layers.map(layerEntry) }, registry);
  }
  if (cls === 'Model' || cls === 'Functional') {
    const raw = top.config as { name: string; layers: Record<string, unknown>[]; input_layers: unknown[]; output_layers: unknown[] };
    const layers = raw.layers.map((l) => {
      const e = layerEntry(l) as { name: string; inboundNodes: unknown[][] };
      // tfjs/Keras 2 inbound nodes: [[[name, nodeIndex, tensorIndex, kwargs], ...], ...]
      const nodes = ((l['inbound_nodes'] ?? []) as unknown[][][]).map((node) => ({
        args: node.map((ref) => [ref[0], ref[1], ref[2]]),
        list: node.length > 1,
      }));
      return { ...e, name: (l['name'] ?? (l['config'] as { name: string }).name) as string, inboundNodes: nodes };
    });
    return Model.fromConfig({ name: raw.name, trainable: true, dtype: 'float32', layers, inputLayers: raw.input_layers, outputLayers: raw.output_layers }, registry);
  }
  throw new ConfigError(`Unknown tfjs model class ${describeValue(cls)}: expected "Sequential" or "Model".`);
}

function decodeWeight(spec: WeightSpec, bytes: Uint8Array, offset: number): { tensor: Tensor; size: number } {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const q = spec.quantization;
  const width = q === undefined ? 4 : q.dtype === 'uint8' ? 1 : 2;
  const size = n * width;
  if (offset + size > bytes.length) {
    throw new FormatError(`Invalid tfjs weights: "${spec.name}" needs bytes ${offset}..${offset + size}, but the shards hold ${bytes.length}.`);
  }
  const view = bytes.slice(offset, offset + size);
  let values: Float32Array | Int32Array;
  if (q === undefined) {
    values = spec.dtype === 'int32' ? new Int32Array(view.buffer) : new Float32Array(view.buffer);
  } else if (q.dtype === 'float16') {
    throw new FormatError(`Unsupported tfjs weight quantization "float16" for "${spec.name}": expected none, uint8 or uint16.`);
  } else {
    const ints = q.dtype === 'uint8' ? view : new Uint16Array(view.buffer);
    values = Float32Array.from(ints, (v) => v * (q.scale ?? 1) + (q.min ?? 0));
  }
  return { tensor: dl.tensor(values, spec.shape, spec.dtype === 'int32' ? 'int32' : 'float32'), size };
}

/**
 * Loads a tfjs-layers model: the `model.json` object and its weight shards
 * (in `weightsManifest` order), as `tf.loadLayersModel` reads them, so tfjs
 * users can move over. The topology's Keras configs are read as dl configs
 * (snake_case names to camelCase; no code runs), and the weights are set in
 * order with every shape checked first.
 *
 * @throws ConfigError for a layer class dl does not have (`Unknown layer class "X"; registered: ...`); FormatError for short shards; ShapeError for a weight of the wrong shape.
 * @example
 * ```ts
 * const model = await loadTfjsModel(JSON.parse(modelJsonText), [shard1, shard2]);
 * ```
 */
export async function loadTfjsModel(json: TfjsModelJSON, shards: ArrayBuffer[] | Uint8Array[], options: { registry?: LayerRegistry } = {}): Promise<Model> {
  if (json === null || typeof json !== 'object' || json.modelTopology === null || typeof json.modelTopology !== 'object') {
    throw new FormatError(`Invalid tfjs model.json: expected { modelTopology, weightsManifest }, received ${describeValue(json)}.`);
  }
  assertSafeConfig(json, 'model.json');
  const model = topologyToModel(json.modelTopology, options.registry);
  const specs = (json.weightsManifest ?? []).flatMap((g) => g.weights);
  const parts = shards.map((s) => (s instanceof Uint8Array ? s : new Uint8Array(s)));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  const weights = model.weights;
  if (specs.length !== weights.length) {
    model.dispose();
    throw new FormatError(`Invalid tfjs weights for ${model.label}: expected ${weights.length} weights (${weights.map((w) => w.path).join(', ')}), received ${specs.length}.`);
  }
  const decoded: Tensor[] = [];
  try {
    // tfjs names weights "<layer>/<weight>", as dl's paths: match by name, else by order.
    const byName = new Map(specs.map((s, i) => [s.name, i]));
    const byPath = weights.every((w) => byName.has(w.path));
    const order = weights.map((w, i) => (byPath ? byName.get(w.path)! : i));
    weights.forEach((w, i) => {
      const spec = specs[order[i]!]!;
      if (spec.shape.length !== w.shape.length || spec.shape.some((d, j) => d !== w.shape[j])) {
        throw new ShapeError(`Cannot load tfjs weight "${spec.name}" into "${w.path}": expected shape ${formatShape(w.shape)}, received ${formatShape(spec.shape)}.`);
      }
    });
    let offset = 0;
    for (const spec of specs) {
      const { tensor, size } = decodeWeight(spec, bytes, offset);
      decoded.push(tensor);
      offset += size;
    }
    model.setWeights(order.map((k) => decoded[k]!));
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    dl.dispose(decoded);
  }
  return model;
}

/**
 * Loads a tfjs-layers model from a `model.json` file and the shards beside it (Node).
 *
 * @example
 * ```ts
 * const model = await loadTfjsModelFile('web_model/model.json');
 * ```
 */
export async function loadTfjsModelFile(path: string, options: { registry?: LayerRegistry } = {}): Promise<Model> {
  const { readFile } = await import('node:fs/promises');
  const { dirname, join } = await import('node:path');
  let json: TfjsModelJSON;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new FormatError(`Invalid tfjs model file "${path}": ${(e as Error).message}.`, { cause: e });
  }
  const paths = (json.weightsManifest ?? []).flatMap((g) => g.paths);
  const shards = await Promise.all(paths.map(async (p) => new Uint8Array(await readFile(join(dirname(path), p)))));
  return loadTfjsModel(json, shards, options);
}
