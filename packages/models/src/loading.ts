import * as dl from '@dl/tensor';
import { ConfigError, FormatError, describeValue, type Tensor } from '@dl/tensor';
import { assertSafeConfig, registerBuiltInLayers, type LayerConfig, type LayerRegistry } from '@dl/layers';
import { registerBuiltInSchedules } from '@dl/optimizers';
import { Model } from './model';
import { Sequential } from './sequential';
import { FORMAT, codec, modelToJSON, setWeightsStrict, toTensor } from './saving';

/** Options of `loadModel`. */
export interface LoadOptions {
  /** A downstream library's layer classes, by class name. */
  registry?: LayerRegistry;
  /** Compile the model again as it was saved (when it was compiled with serializable arguments). Default true. */
  compile?: boolean;
}

/**
 * A model from `modelToJSON`'s text (layers from the built-in registry, those
 * given to `registerLayer`, or `registry`); its weights are new.
 *
 * @throws FormatError for malformed JSON or prototype keys; ConfigError for unknown classes.
 */
export function modelFromJSON(json: string, options: { registry?: LayerRegistry } = {}): Model {
  let parsed: { className?: unknown; config?: unknown; buildInputShapes?: unknown };
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new FormatError(`Invalid model JSON: ${(e as Error).message}.`, { cause: e });
  }
  assertSafeConfig(parsed, 'model');
  registerBuiltInLayers(); // a saved model may name any built-in layer
  const config = parsed.config as LayerConfig;
  if (config === null || typeof config !== 'object') throw new FormatError(`Invalid model JSON: expected a \`config\` object, received ${describeValue(config)}.`);
  let model: Model;
  if (parsed.className === 'Sequential') model = Sequential.fromConfig(config, options.registry);
  else if (parsed.className === 'Functional') model = Model.fromConfig(config, options.registry);
  else throw new ConfigError(`Unknown model class ${describeValue(parsed.className)}: expected "Sequential" or "Functional" (a subclassed model is rebuilt by your code, then loadWeights).`);
  const shapes = parsed.buildInputShapes;
  if (!model.built && Array.isArray(shapes) && shapes.length > 0) {
    model.ensureBuilt(() => (shapes as (number | null)[][]).map((s) => dl.zeros(s.map((d) => d ?? 1))));
  }
  return model;
}

/**
 * A model from `saveModel`'s bytes: rebuilt from its config (never running
 * code from the file), its weights loaded strictly, compiled again and its
 * optimizer state restored when they were saved.
 *
 * @throws FormatError for a file that is not a dl model; ConfigError for unknown layer classes (`Unknown layer class "X"; registered: ...`).
 */
export async function loadModel(bytes: Uint8Array, options: LoadOptions = {}, source = 'bytes'): Promise<Model> {
  const { decodeSafetensors } = await codec();
  const file = decodeSafetensors(bytes, { name: source });
  if (file.metadata['format'] !== FORMAT || typeof file.metadata['model'] !== 'string') {
    throw new FormatError(`Invalid model file ${source}: expected a dl model (metadata format "${FORMAT}"), received format ${describeValue(file.metadata['format'])}.`);
  }
  const model = modelFromJSON(file.metadata['model'], options.registry === undefined ? {} : { registry: options.registry });
  try {
    setWeightsStrict(model, file.tensors, source);
    const compile = file.metadata['compile'];
    if ((options.compile ?? true) && compile !== undefined) {
      const c = JSON.parse(compile);
      assertSafeConfig(c, 'compile');
      registerBuiltInSchedules(); // a saved optimizer's learning rate may name any built-in schedule
      model.compile(c);
      const opt = file.metadata['optimizer'];
      if (opt !== undefined) {
        const meta = JSON.parse(opt) as { iterations: number; learningRate?: number };
        const variables: Record<string, Tensor> = {};
        for (const [k, v] of Object.entries(file.tensors)) if (k.startsWith('optimizer/')) variables[k.slice(10)] = toTensor(v, k);
        try {
          model.optimizer!.build(model.trainableWeights.map((w) => w.value));
          model.optimizer!.setState({ ...meta, variables });
        } finally {
          dl.dispose(Object.values(variables));
        }
      }
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/**
 * Loads a model file written by `model.save(path)` (Node).
 *
 * @throws FormatError naming the file for a corrupt or foreign file.
 * @example
 * ```ts
 * const model = await loadModelFile('mnist.safetensors');
 * ```
 */
export async function loadModelFile(path: string, options: LoadOptions = {}): Promise<Model> {
  const { readFile } = await import('node:fs/promises');
  return loadModel(new Uint8Array(await readFile(path)), options, `"${path}"`);
}

/**
 * Keras' `clone_model`: the same architecture with new weights (drawn from
 * the initializers on `setSeed`'s stream).
 *
 * @example
 * ```ts
 * const fresh = cloneModel(model);
 * ```
 */
export function cloneModel(model: Model, options: { registry?: LayerRegistry } = {}): Model {
  return modelFromJSON(modelToJSON(model), options);
}
