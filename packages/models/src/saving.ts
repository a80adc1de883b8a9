import * as dl from '@dl/tensor';
import { FormatError, ShapeError, type Tensor } from '@dl/tensor';
import { formatShape, type LayerWeight } from '@dl/layers';
import type { NDArray } from '@dl/io';
import { serialize as serializeOptimizer } from '@dl/optimizers';
import type { Model } from './model';

/** The safetensors codec, loaded by the first save or load (see codec.ts). */
export const codec = () => import('./codec');

/** The format tag in a saved model's metadata. */
export const FORMAT = 'dl-model';
export const VERSION = '1';

/** Options of `saveModel` / `model.save`. */
export interface SaveOptions {
  /** Also save the optimizer's state (moments, iterations), to resume training. Default true. */
  includeOptimizer?: boolean;
  /** In Node, whether an existing file may be replaced. Default true. */
  overwrite?: boolean;
}

/** Unique keys for the weights: their paths, numbered when two paths are equal. */
function weightKeys(weights: LayerWeight[]): string[] {
  const seen = new Map<string, number>();
  return weights.map((w) => {
    const n = seen.get(w.path) ?? 0;
    seen.set(w.path, n + 1);
    return n === 0 ? w.path : `${w.path}#${n}`;
  });
}

export async function toNDArray(t: Tensor): Promise<NDArray> {
  const data = await t.data();
  if (t.dtype === 'float32') return { dtype: 'float32', shape: t.shape, data: data as Float32Array };
  if (t.dtype === 'int32') return { dtype: 'int32', shape: t.shape, data: data as Int32Array };
  if (t.dtype === 'bool') return { dtype: 'bool', shape: t.shape, data: Uint8Array.from(data as Uint8Array) };
  throw new FormatError(`Cannot save a tensor of dtype ${t.dtype}: expected float32, int32 or bool.`);
}

export function toTensor(a: NDArray, name: string): Tensor {
  if (a.dtype === 'float32' || a.dtype === 'int32') return dl.tensor(a.data as Float32Array | Int32Array, a.shape, a.dtype);
  if (a.dtype === 'bool') return dl.tensor(a.data as Uint8Array, a.shape, 'bool');
  throw new FormatError(`Invalid tensor "${name}": expected float32, int32 or bool, received ${a.dtype}.`);
}

/** The compile arguments as JSON, when they are names or serializable objects (else null). */
function compileConfig(model: Model): string | null {
  const c = model.compiled;
  if (c === null) return null;
  const plain = (v: unknown): boolean =>
    v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) ? v.every(plain) : typeof v === 'object' && v.constructor === Object && Object.values(v).every(plain));
  const { loss, metrics, lossWeights } = c.config;
  if (!plain(loss) || !plain(metrics) || !plain(lossWeights)) return null;
  return JSON.stringify({ loss, metrics, lossWeights, optimizer: serializeOptimizer(c.optimizer) });
}

/** The model's class name and config as JSON, with the build shape of a Sequential. */
export function modelToJSON(model: Model): string {
  const cls = (model.constructor as typeof Model).className;
  const config = model.getConfig();
  const build = model.inputs.map((t) => t.shape);
  return JSON.stringify({ className: cls, config, buildInputShapes: build });
}

/**
 * The model as bytes: one safetensors file whose tensors are the weights
 * (`weights/<layer>/<weight>`) and, optionally, the optimizer's state
 * (`optimizer/<slot>`), and whose metadata holds the config, the compile
 * arguments and the optimizer's iterations. Reads every weight once.
 *
 * @example
 * ```ts
 * const bytes = await saveModel(model);
 * const copy = await loadModel(bytes);
 * ```
 */
export async function saveModel(model: Model, options: SaveOptions = {}): Promise<Uint8Array> {
  const weights = model.weights;
  const keys = weightKeys(weights);
  const tensors: Record<string, NDArray> = {};
  for (const [i, w] of weights.entries()) tensors[`weights/${keys[i]}`] = await toNDArray(w.value);
  const metadata: Record<string, string> = { format: FORMAT, version: VERSION, model: modelToJSON(model) };
  const compile = compileConfig(model);
  if (compile !== null) metadata['compile'] = compile;
  const opt = model.optimizer;
  if ((options.includeOptimizer ?? true) && opt !== undefined && opt.built) {
    const state = opt.getState();
    try {
      for (const [k, v] of Object.entries(state.variables)) tensors[`optimizer/${k}`] = await toNDArray(v);
      metadata['optimizer'] = JSON.stringify({ iterations: state.iterations, ...(state.learningRate === undefined ? {} : { learningRate: state.learningRate }) });
    } finally {
      dl.dispose(Object.values(state.variables));
    }
  }
  const { encodeSafetensors } = await codec();
  return encodeSafetensors(tensors, { metadata });
}

/**
 * Sets the model's weights from saved tensors, strictly: every weight must be
 * there with its shape, and nothing else may be. Everything is checked
 * before anything changes, so a failed load leaves the model as it was.
 *
 * @throws ShapeError naming the layer, the weight and both shapes; FormatError for missing or unexpected weights.
 */
export function setWeightsStrict(model: Model, saved: Record<string, NDArray>, source: string): void {
  const weights = model.weights;
  const keys = weightKeys(weights).map((k) => `weights/${k}`);
  const savedKeys = Object.keys(saved).filter((k) => k.startsWith('weights/'));
  const missing = keys.filter((k) => !(k in saved));
  const unexpected = savedKeys.filter((k) => !keys.includes(k));
  if (missing.length > 0 || unexpected.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.map((k) => `"${k.slice(8)}"`).join(', ')}`);
    if (unexpected.length > 0) parts.push(`unexpected ${unexpected.map((k) => `"${k.slice(8)}"`).join(', ')}`);
    throw new FormatError(`Cannot load weights into ${model.label} from ${source}: ${parts.join('; ')}.`);
  }
  weights.forEach((w, i) => {
    const a = saved[keys[i]!]!;
    if (a.shape.length !== w.shape.length || a.shape.some((d, j) => d !== w.shape[j])) {
      throw new ShapeError(`Cannot load weight "${w.name}" of layer "${w.path.split('/')[0]}" from ${source}: expected shape ${formatShape(w.shape)}, received ${formatShape(a.shape)}.`);
    }
  });
  const values = weights.map((_, i) => toTensor(saved[keys[i]!]!, keys[i]!));
  try {
    weights.forEach((w, i) => w.assign(values[i]!));
  } finally {
    dl.dispose(values);
  }
}

/**
 * Loads weights saved by `saveModel` or `saveWeights` into `model`, strictly
 * (see `setWeightsStrict`): a failed load leaves the weights as they were.
 */
export async function loadWeightsFromBytes(model: Model, bytes: Uint8Array, source = 'bytes'): Promise<void> {
  const { decodeSafetensors } = await codec();
  const file = decodeSafetensors(bytes, { name: source });
  setWeightsStrict(model, file.tensors, source);
}

/** The weights only, as a safetensors file (`weights/<layer>/<weight>`). */
export async function saveWeightsToBytes(model: Model): Promise<Uint8Array> {
  const weights = model.weights;
  const keys = weightKeys(weights);
  const tensors: Record<string, NDArray> = {};
  for (const [i, w] of weights.entries()) tensors[`weights/${keys[i]}`] = await toNDArray(w.value);
  const { encodeSafetensors } = await codec();
  return encodeSafetensors(tensors, { metadata: { format: 'dl-weights', version: VERSION } });
}

