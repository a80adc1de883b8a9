import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { intTuple, oneOf, type Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';
import {
  checkPositiveOutput, convOutputLength, dataFormatOf, fromChannelsLast, shapeFromChannelsLast, shapeToChannelsLast,
  toChannelsLast, type DataFormat,
} from '../convolutional/conv-utils';

/** The options of the pooling layers. */
export interface PoolingArgs extends LayerArgs {
  /** Step of the window: a number or one per axis. Default: the pool size. */
  strides?: number | number[] | null;
  /** `valid` (default: windows inside the input) or `same` (output size ceil(input / stride)). */
  padding?: 'valid' | 'same';
  /** `channelsLast` (default) or `channelsFirst`. */
  dataFormat?: DataFormat;
}

/** TF's `same` padding of one axis: `[before, after]`, the extra zero after. */
function samePadding(length: number, pool: number, stride: number): [number, number] {
  const out = Math.ceil(length / stride);
  const total = Math.max((out - 1) * stride + pool - length, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * Average pooling with `same` padding, as TF computes it: each window's sum
 * divided by the number of its positions inside the input. Written as a
 * zero pad, a `valid` average and a constant rescale, because tfjs-core 4.22's
 * AvgPool gradient with `same` padding divides by the whole window size and
 * so disagrees with its own forward pass.
 */
function averagePoolSame(x: Tensor, size: [number, number], strides: [number, number]): Tensor {
  const pads = [0, 1].map((a) => samePadding(x.shape[a + 1]!, size[a]!, strides[a]!));
  const counts = [0, 1].map((a) => {
    const n = x.shape[a + 1]!;
    const before = pads[a]![0];
    return Array.from({ length: Math.ceil(n / strides[a]!) }, (_, i) => {
      const start = i * strides[a]! - before;
      return Math.min(start + size[a]!, n) - Math.max(start, 0);
    });
  });
  const scale = counts[0]!.flatMap((ch) => counts[1]!.map((cw) => (size[0] * size[1]) / (ch * cw)));
  const padded = dl.pad(x, [[0, 0], pads[0]!, pads[1]!, [0, 0]]);
  const mean = dl.avgPool(padded as dl.Tensor4D, size, strides, 'valid');
  return dl.mul(mean, dl.tensor4d(scale, [1, counts[0]!.length, counts[1]!.length, 1]));
}

/**
 * What Keras' MaxPooling and AveragePooling layers share (its `BasePooling`):
 * windows of `poolSize` moved by `strides`, reduced by max or mean. With
 * `same` padding an average counts only the window's positions inside the
 * input, as TF does.
 */
export abstract class BasePooling extends Layer {
  readonly rank: number;
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: DataFormat;
  private readonly mode: 'max' | 'avg';

  constructor(rank: number, mode: 'max' | 'avg', poolSize: number | number[], args: PoolingArgs) {
    super(args);
    const who = this.label;
    this.rank = rank;
    this.mode = mode;
    this.poolSize = intTuple(poolSize, rank, 'poolSize', who);
    this.strides = args.strides == null ? [...this.poolSize] : intTuple(args.strides, rank, 'strides', who);
    this.padding = oneOf(args.padding ?? 'valid', 'padding', who, ['valid', 'same'] as const);
    this.dataFormat = dataFormatOf(args.dataFormat, who);
    this.inputSpec = { ndim: rank + 2 };
  }

  override build(inputShape: Shape): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  override call(x: Tensor): Tensor {
    return dl.tidy(() => {
      let last = toChannelsLast(x, this.dataFormat);
      // 1-D pooling is 2-D pooling over a height-1 image, as in tfjs and TF.
      if (this.rank === 1) last = dl.expandDims(last, 1);
      const size = (this.rank === 1 ? [1, this.poolSize[0]!] : this.poolSize) as [number, number];
      const strides = (this.rank === 1 ? [1, this.strides[0]!] : this.strides) as [number, number];
      let y: Tensor = this.mode === 'max'
        ? dl.maxPool(last as dl.Tensor4D, size, strides, this.padding)
        : this.padding === 'same' ? averagePoolSame(last, size, strides) : dl.avgPool(last as dl.Tensor4D, size, strides, 'valid');
      if (this.rank === 1) y = dl.squeeze(y, [1]);
      return fromChannelsLast(y, this.dataFormat);
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const last = shapeToChannelsLast(inputShape, this.dataFormat);
    const spatial = last.slice(1, -1).map((d, i) => convOutputLength(d, this.poolSize[i]!, this.padding, this.strides[i]!));
    const out = shapeFromChannelsLast([last[0] ?? null, ...spatial, last[last.length - 1] ?? null], this.dataFormat);
    return checkPositiveOutput(out, inputShape, this.label);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      poolSize: this.poolSize,
      padding: this.padding,
      strides: this.strides,
      dataFormat: this.dataFormat,
    };
  }
}
