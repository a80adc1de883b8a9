import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { bool, type Shape } from '../engine/checks';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig } from '../engine/layer';
import { dataFormatOf, type DataFormat } from '../convolutional/conv-utils';

/** The options of the global pooling layers. */
export interface GlobalPoolingArgs extends LayerArgs {
  /** `channelsLast` (default) or `channelsFirst`. */
  dataFormat?: DataFormat;
  /** Keep the spatial axes with size 1. Default false. */
  keepdims?: boolean;
}

const maxOver = (x: Tensor, axis: number[], keepDims: boolean): Tensor => dl.max(x, axis, keepDims);
const meanOver = (x: Tensor, axis: number[], keepDims: boolean): Tensor => dl.mean(x, axis, keepDims);

/**
 * What Keras' global pooling layers share (its `BaseGlobalPooling`): a max or
 * mean over every spatial axis.
 */
export abstract class BaseGlobalPooling extends Layer {
  readonly rank: number;
  readonly dataFormat: DataFormat;
  readonly keepdims: boolean;
  private readonly op: (x: Tensor, axis: number[], keepDims: boolean) => Tensor;

  constructor(rank: number, mode: 'max' | 'avg', args: GlobalPoolingArgs) {
    super(args);
    this.rank = rank;
    this.op = mode === 'max' ? maxOver : meanOver;
    this.dataFormat = dataFormatOf(args.dataFormat, this.label);
    this.keepdims = bool(args.keepdims ?? false, 'keepdims', this.label);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** The spatial axes of the input. */
  protected get spatialAxes(): number[] {
    const first = this.dataFormat === 'channelsLast' ? 1 : 2;
    return Array.from({ length: this.rank }, (_, i) => first + i);
  }

  /** The max or mean over the spatial axes. */
  override call(x: Tensor, _options?: CallOptions): Tensor {
    return this.op(x, this.spatialAxes, this.keepdims);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const batch = inputShape[0] ?? null;
    const last = this.dataFormat === 'channelsLast';
    const channels = (last ? inputShape[inputShape.length - 1] : inputShape[1]) ?? null;
    if (!this.keepdims) return [batch, channels];
    const ones = new Array<number>(this.rank).fill(1);
    return last ? [batch, ...ones, channels] : [batch, channels, ...ones];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}

