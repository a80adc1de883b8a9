// Image helpers shared by the image layers (internal).
import { ConfigError, clone, expandDims, image, slice, squeeze, tidy, type Tensor, type Tensor4D } from '@dl/tensor';

/** Runs `fn` on a batch: rank-3 images get a batch axis for the call and lose it after. */
export function onBatch(x: Tensor, who: string, fn: (batch: Tensor4D) => Tensor4D): Tensor {
  if (x.rank !== 3 && x.rank !== 4) {
    throw new ConfigError(`Invalid input for ${who}: expected images of rank 3 [height, width, channels] or 4 [batch, height, width, channels], received shape [${x.shape.join(',')}].`);
  }
  return tidy(() => {
    const batch = (x.rank === 3 ? expandDims(x, 0) : x) as Tensor4D;
    const out = fn(batch);
    // A layer output is the caller's to dispose: never hand back the input itself.
    if (out === x) return clone(x);
    return x.rank === 3 ? squeeze(out, [0]) : out;
  });
}

/** Keras' crop to the target aspect ratio: the largest centered box of ratio width / height. */
export function cropToAspect(x: Tensor4D, height: number, width: number): Tensor4D {
  const [b, h, w, c] = x.shape;
  const ch = Math.min(h, Math.floor((w * height) / width));
  const cw = Math.min(w, Math.floor((h * width) / height));
  return slice(x, [0, Math.floor((h - ch) / 2), Math.floor((w - cw) / 2), 0], [b, ch, cw, c]);
}

/** TF's `image.resize` (half-pixel centers, no antialiasing). */
export function resize(x: Tensor4D, height: number, width: number, interpolation: 'bilinear' | 'nearest'): Tensor4D {
  if (x.shape[1] === height && x.shape[2] === width) return x;
  return interpolation === 'bilinear' ? image.resizeBilinear(x, [height, width], false, true) : image.resizeNearestNeighbor(x, [height, width], false, true);
}
