import { ConfigError, describeValue } from '@dl/tensor';
import { Layer } from '../engine/layer';
import { deserializeLayer, serializeLayer, type SerializedLayer } from '../registry';

/** A deep copy of a layer, made from its config (no weights), with config fields replaced. */
export function copyLayer<L extends Layer>(layer: L, overrides: Record<string, unknown>): L {
  const json = JSON.parse(JSON.stringify(serializeLayer(layer))) as SerializedLayer;
  return deserializeLayer({ className: json.className, config: { ...json.config, ...overrides } }) as L;
}

/** The wrapped layer of a wrapper's config. @throws FormatError or ConfigError for a bad one. */
export function innerLayer(config: Record<string, unknown>, key: string): Layer {
  return deserializeLayer(config[key] as SerializedLayer);
}

/** Checks that a wrapper got a layer. */
export function checkLayer(value: unknown, arg: string, who: string, expected = 'a Layer'): void {
  if (!(value instanceof Layer)) throw new ConfigError(`Invalid \`${arg}\` for ${who}: expected ${expected}, received ${describeValue(value)}.`);
}
