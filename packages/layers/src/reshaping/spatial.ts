// Shared logic of the spatial reshaping layers (ZeroPadding, Cropping, UpSampling):
// argument normalization, the data format, and the resizing arithmetic.
import * as dl from '@dl/tensor';
import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import { checkPositiveOutput, dataFormatOf, fromChannelsLast, shapeFromChannelsLast, shapeToChannelsLast, toChannelsLast, type DataFormat } from '../convolutional/conv-utils';
import type { Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** `(before, after)` amounts of one axis: an integer for both sides, or `[before, after]`. */
export function pairOf(value: unknown, arg: string, who: string): [number, number] {
  if (isCount(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every(isCount)) return [value[0]!, value[1]!];
  throw new ConfigError(`Invalid \`${arg}\` for ${who}: expected a non-negative integer or an array [before, after] of them, received ${describeValue(value)}.`);
}

/**
 * Amounts for two axes as Keras takes them: `n` (all four sides), `[rows, cols]`
 * (symmetric per axis) or `[[top, bottom], [left, right]]`.
 */
export function pairs2dOf(value: unknown, arg: string, who: string): [[number, number], [number, number]] {
  if (isCount(value)) return [[value, value], [value, value]];
  if (Array.isArray(value) && value.length === 2) {
    try {
      return [pairOf(value[0], arg, who), pairOf(value[1], arg, who)];
    } catch {
      // Reported below with the whole value.
    }
  }
  throw new ConfigError(
    `Invalid \`${arg}\` for ${who}: expected a non-negative integer, [rows, cols] or [[top, bottom], [left, right]], received ${describeValue(value)}.`,
  );
}

/** The options of the 2-D spatial reshaping layers. */
export interface SpatialArgs extends LayerArgs {
  /** `channelsLast` (default) or `channelsFirst`. */
  dataFormat?: DataFormat;
}

/**
 * A layer that changes only the spatial axes of `(batch, ...spatial, channels)`
 * (or channels-first) inputs: the subclass maps the spatial sizes and
 * transforms a channels-last tensor.
 */
export abstract class SpatialReshape extends Layer {
  readonly dataFormat: DataFormat;
  /** Whether `dataFormat` is an argument of this layer (the 1-D layers have none in Keras). */
  private readonly hasDataFormat: boolean;

  constructor(rank: number, args: SpatialArgs, hasDataFormat: boolean) {
    super(args);
    this.hasDataFormat = hasDataFormat;
    this.dataFormat = hasDataFormat ? dataFormatOf(args.dataFormat, this.label) : 'channelsLast';
    this.inputSpec = { ndim: rank + 2 };
  }

  /** The output's spatial sizes (null stays null). */
  protected abstract spatialOutput(spatial: (number | null)[]): (number | null)[];

  /** The transform of a channels-last input. */
  protected abstract transform(x: Tensor): Tensor;

  override build(inputShape: Shape): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  override call(x: Tensor): Tensor {
    return dl.tidy(() => fromChannelsLast(this.transform(toChannelsLast(x, this.dataFormat)), this.dataFormat));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const last = shapeToChannelsLast(inputShape, this.dataFormat);
    const out: Shape = [last[0] ?? null, ...this.spatialOutput(last.slice(1, -1)), last[last.length - 1] ?? null];
    return checkPositiveOutput(shapeFromChannelsLast(out, this.dataFormat), inputShape, this.label);
  }

  override getConfig(): LayerConfig {
    const config = super.getConfig();
    if (this.hasDataFormat) config['dataFormat'] = this.dataFormat;
    return config;
  }
}

/** Repeats each entry of `axis` `times` times in place (Keras' `ops.repeat`), with gradients on any rank. */
export function repeatAxis(x: Tensor, axis: number, times: number): Tensor {
  if (times === 1) return x;
  const n = x.shape[axis]!;
  const indices = dl.tensor1d(Array.from({ length: n * times }, (_, i) => Math.floor(i / times)), 'int32');
  return dl.gather(x, indices, axis);
}

/**
 * The `(outLength, inLength)` matrix of TF's bilinear resize with half-pixel
 * centers (what Keras' `ops.image.resize` does for `bilinear`): output i reads
 * input position `(i + 0.5) / factor - 0.5`, between `floor` and `ceil` of it,
 * both clamped to the input.
 */
export function bilinearMatrix(inLength: number, factor: number): Tensor {
  const outLength = inLength * factor;
  const m = new Float32Array(outLength * inLength);
  for (let i = 0; i < outLength; i++) {
    const src = (i + 0.5) / factor - 0.5;
    const floor = Math.floor(src);
    const lower = Math.max(floor, 0);
    const upper = Math.min(Math.ceil(src), inLength - 1);
    const lerp = src - floor;
    m[i * inLength + lower] = m[i * inLength + lower]! + 1 - lerp;
    m[i * inLength + upper] = m[i * inLength + upper]! + lerp;
  }
  return dl.tensor2d(m, [outLength, inLength]);
}

/** Multiplies axis `axis` of `x` by `matrix` `(newLength, length)`, with gradients. */
export function mixAxis(x: Tensor, axis: number, matrix: Tensor): Tensor {
  const perm = [axis, ...x.shape.map((_, i) => i).filter((i) => i !== axis)];
  const moved = dl.transpose(x, perm);
  const flat = dl.reshape(moved, [x.shape[axis]!, -1]);
  const mixed = dl.reshape(dl.matMul(matrix as dl.Tensor2D, flat as dl.Tensor2D), [matrix.shape[0]!, ...moved.shape.slice(1)]);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return dl.transpose(mixed, inverse);
}
