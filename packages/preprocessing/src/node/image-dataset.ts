import { readFile } from 'node:fs/promises';
import { ConfigError, describeValue, image, slice, stack, tensor3d, tidy, type Tensor3D, type Tensor4D } from '@dl/tensor';
import { checkOneOf } from '../checks';
import { decodeImage, toChannels } from './decode-image';
import { directoryDataset, type DirectoryDataset } from './directory-dataset';
import type { DirectoryOptions } from './index-directory';

/** Options of {@link imageDatasetFromDirectory}. */
export interface ImageDirectoryOptions extends DirectoryOptions {
  /** `[height, width]` every image is resized to (default `[256, 256]`). */
  imageSize?: [number, number];
  /** `'rgb'` (default), `'grayscale'` or `'rgba'`. */
  colorMode?: 'rgb' | 'grayscale' | 'rgba';
  /** `'bilinear'` (default) or `'nearest'` (half-pixel centers, as TF's `image.resize`). */
  interpolation?: 'bilinear' | 'nearest';
  /** Center-crop each image to the target aspect ratio before resizing (default false). */
  cropToAspectRatio?: boolean;
}

/** Loads, converts, crops and resizes one image to a float32 [h, w, c] tensor (0-255). @internal */
export async function loadImage(
  file: string, size: [number, number], channels: 1 | 3 | 4, interpolation: 'bilinear' | 'nearest', crop: boolean,
): Promise<Tensor3D> {
  const img = await decodeImage(await readFile(file), JSON.stringify(file));
  const data = toChannels(img, channels);
  const [th, tw] = size;
  return tidy(() => {
    let t: Tensor3D = tensor3d(Float32Array.from(data), [img.height, img.width, channels], 'float32');
    if (crop) {
      const ch = Math.min(img.height, Math.floor((img.width * th) / tw));
      const cw = Math.min(img.width, Math.floor((img.height * tw) / th));
      t = slice(t, [Math.floor((img.height - ch) / 2), Math.floor((img.width - cw) / 2), 0], [ch, cw, channels]);
    }
    if (t.shape[0] === th && t.shape[1] === tw) return t;
    return interpolation === 'bilinear' ? image.resizeBilinear(t, [th, tw], false, true) : image.resizeNearestNeighbor(t, [th, tw], false, true);
  });
}

/**
 * An image dataset from a directory, one subdirectory per class, as Keras'
 * `image_dataset_from_directory` (the book's dogs-vs-cats example). Node only
 * (`@dl/preprocessing/node`).
 *
 * PNG (any bit depth, palette, alpha; not interlaced) and JPEG (baseline and
 * progressive, through jpeg-js) are read; each image is converted to `colorMode`,
 * optionally center-cropped to the target aspect ratio, and resized with half-pixel
 * centers. Batches are `{ x: float32 [b, height, width, channels] in 0-255, y }`;
 * images are read when their batch is asked for.
 *
 * @param directory The root directory.
 * @param options `imageSize` ([256, 256]), `colorMode`, `interpolation`, `cropToAspectRatio`, and the
 *   shared `labels`, `labelMode`, `classNames`, `batchSize` (32), `shuffle`, `seed`, `validationSplit`, `subset`, `followLinks`.
 * @returns A dataset, or `[training, validation]` with `subset: 'both'`.
 * @throws ConfigError for bad options or an empty directory; FormatError (while iterating) for a file that does not decode.
 * @example
 * ```ts
 * import { imageDatasetFromDirectory } from '@dl/preprocessing/node';
 * const train = await imageDatasetFromDirectory('cats_vs_dogs_small/train', { imageSize: [180, 180], batchSize: 32, seed: 1 });
 * for await (const { x, y } of train) { ... }
 * ```
 */
export async function imageDatasetFromDirectory(directory: string, options: ImageDirectoryOptions & { subset: 'both' }): Promise<[DirectoryDataset<Tensor4D>, DirectoryDataset<Tensor4D>]>;
export async function imageDatasetFromDirectory(directory: string, options?: ImageDirectoryOptions): Promise<DirectoryDataset<Tensor4D>>;
export async function imageDatasetFromDirectory(
  directory: string,
  options: ImageDirectoryOptions = {},
): Promise<DirectoryDataset<Tensor4D> | [DirectoryDataset<Tensor4D>, DirectoryDataset<Tensor4D>]> {
  const where = 'imageDatasetFromDirectory';
  const size = options.imageSize ?? [256, 256];
  if (!Array.isArray(size) || size.length !== 2 || !size.every((s) => Number.isInteger(s) && s > 0)) {
    throw new ConfigError(`Invalid \`imageSize\` for ${where}: expected [height, width] of positive integers, received ${describeValue(size)}.`);
  }
  const mode = checkOneOf(options.colorMode ?? 'rgb', ['rgb', 'grayscale', 'rgba'], 'colorMode', where);
  const channels = mode === 'rgb' ? 3 : mode === 'grayscale' ? 1 : 4;
  const interpolation = checkOneOf(options.interpolation ?? 'bilinear', ['bilinear', 'nearest'], 'interpolation', where);
  const crop = options.cropToAspectRatio ?? false;
  const formats = ['.jpeg', '.jpg', '.png'];
  return directoryDataset(directory, formats, options, where, async (paths) => {
    const images = await Promise.all(paths.map((p) => loadImage(p, size, channels, interpolation, crop)));
    const batch = stack(images) as Tensor4D;
    for (const t of images) t.dispose();
    return batch;
  });
}
