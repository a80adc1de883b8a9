// deserializeRegisteredLayer and registerBuiltInLayers in Node, where the whole package is
// loaded: the built-in layers are linked from the start. What a tree-shaken browser bundle
// does without them is tested on real bundles in tests/packaging/bundle.test.ts.
import { ConfigError, FormatError, type Tensor } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  Conv2D, Dense, Layer, deserializeLayer, deserializeRegisteredLayer, registerBuiltInLayers, registerLayer,
  registeredLayers, serializeLayer,
} from '@dl/layers';

class Doubler extends Layer {
  static override readonly className = 'DoublerForRegistryTest';
  override call(x: Tensor): Tensor {
    return x;
  }
}

describe('deserializeRegisteredLayer', () => {
  it('finds the built-in layers in Node without registerBuiltInLayers()', () => {
    const conv = deserializeRegisteredLayer(serializeLayer(new Conv2D(2, 3, { name: 'c' })));
    expect(conv).toBeInstanceOf(Conv2D);
    expect(conv.getConfig()).toEqual(new Conv2D(2, 3, { name: 'c' }).getConfig());
  });

  it('finds registered classes and a per-call registry, as deserializeLayer does', () => {
    const json = serializeLayer(new Doubler({ name: 'd' }));
    expect(() => deserializeRegisteredLayer(json)).toThrow(/^Unknown layer class "DoublerForRegistryTest"; registered: .*Dense.*pass a registry\.$/);
    expect(deserializeRegisteredLayer(json, { registry: { DoublerForRegistryTest: Doubler } })).toBeInstanceOf(Doubler);
    registerLayer(Doubler);
    expect(deserializeRegisteredLayer(json)).toBeInstanceOf(Doubler);
    expect(deserializeLayer(json)).toBeInstanceOf(Doubler);
    expect(registeredLayers()).toContain('DoublerForRegistryTest');
  });

  it('validates like deserializeLayer', () => {
    expect(() => deserializeRegisteredLayer({ className: 3 } as never)).toThrow(FormatError);
    expect(() => deserializeRegisteredLayer({ className: 'Dense', config: { constructor: 1 } } as never)).toThrow(FormatError);
    expect(() => deserializeRegisteredLayer({ className: 'toString', config: { name: 'x', trainable: true, dtype: 'float32' } })).toThrow(ConfigError);
  });

  it('registerBuiltInLayers is idempotent and changes no lookup in Node', () => {
    const before = registeredLayers();
    registerBuiltInLayers();
    registerBuiltInLayers();
    expect(registeredLayers()).toEqual(before);
    expect(deserializeRegisteredLayer(serializeLayer(new Dense(3, { name: 'x' })))).toBeInstanceOf(Dense);
  });
});
