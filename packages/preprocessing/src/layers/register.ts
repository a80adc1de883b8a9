import { registerLayer } from '@dl/layers';
import { CategoryEncoding } from './category-encoding';
import { CenterCrop } from './center-crop';
import { Discretization } from './discretization';
import { IntegerLookup } from './integer-lookup';
import { Normalization } from './normalization';
import { RandomContrast } from './random-contrast';
import { RandomFlip } from './random-flip';
import { RandomRotation } from './random-rotation';
import { RandomTranslation } from './random-translation';
import { RandomZoom } from './random-zoom';
import { Rescaling } from './rescaling';
import { Resizing } from './resizing';
import { StringLookup } from './string-lookup';
import { TextVectorization } from './text-vectorization';

/** Every preprocessing layer class of this package. */
export const preprocessingLayers = [
  TextVectorization, StringLookup, IntegerLookup, Normalization, Discretization, CategoryEncoding,
  Rescaling, Resizing, CenterCrop, RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast,
] as const;

/**
 * Registers the preprocessing layers with `@dl/layers`' registry, so that models
 * containing them can be deserialized (nothing registers itself on import). Call it
 * once before loading such a model; calling it again is harmless.
 *
 * @example
 * ```ts
 * import { deserializeLayer } from '@dl/layers';
 * import { registerPreprocessingLayers } from '@dl/preprocessing';
 * registerPreprocessingLayers();
 * deserializeLayer({ className: 'Rescaling', config: { name: 'r', trainable: true, dtype: 'float32', scale: 0.5, offset: 0 } });
 * ```
 */
export function registerPreprocessingLayers(): void {
  for (const cls of preprocessingLayers) registerLayer(cls);
}
