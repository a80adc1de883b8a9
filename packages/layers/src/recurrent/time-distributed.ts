import * as dl from '@dl/tensor';
import { ShapeError, type Tensor } from '@dl/tensor';
import { formatShape, type Shape } from '../engine/checks';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig } from '../engine/layer';
import { serializeLayer } from '../registry';
import { checkLayer, innerLayer } from './wrapper';

/**
 * Keras' TimeDistributed: applies a layer to every timestep (axis 1) of its
 * input, with the same weights. dl folds time into the batch (one call of the
 * inner layer on `(batch·time, ...)`, then unfolds), which equals Keras'
 * per-step loop for per-sample layers (Dense, Conv2D, pooling, ...); a layer
 * with batch statistics (BatchNormalization in training) sees all steps at once.
 * A mask `(batch, time)` passes through; the inner layer gets it folded.
 *
 * Input shape: `(batch, time, ...)` (rank ≥ 3). Output shape:
 * `(batch, time, ...innerOutput)`. Weights: the inner layer's.
 *
 * @param layer The layer to apply to each timestep (it is wrapped, not copied).
 * @throws ConfigError for a non-layer; ShapeError for an input of rank < 3 or a mask of another shape.
 * @example
 * ```ts
 * const td = new TimeDistributed(new Dense(8));
 * td.apply(ones([2, 10, 16])).shape; // [2, 10, 8]
 * ```
 */
export class TimeDistributed extends Layer {
  static override readonly className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(layer: Layer, args: LayerArgs = {}) {
    super(args);
    checkLayer(layer, 'layer', this.label);
    this.layer = this.trackLayer(layer);
    this.supportsMasking = true;
    this.inputSpec = { minNdim: 3 };
  }

  private childShape(shape: Shape): Shape {
    if (shape.length < 3) {
      throw new ShapeError(`Invalid input shape for ${this.label}: expected at least 3 axes (batch, time, ...), received ${formatShape(shape)}.`);
    }
    return [shape[0] ?? null, ...shape.slice(2)];
  }

  override build(inputShape: Shape): void {
    if (!this.layer.built) this.layer.build(this.childShape(inputShape));
    super.build(inputShape);
  }

  override call(x: Tensor, options: CallOptions): Tensor {
    const [batch, time, ...rest] = x.shape as number[];
    const mask = Array.isArray(options.mask) ? (options.mask[0] ?? null) : (options.mask ?? null);
    if (mask !== null && (mask.shape[0] !== batch || mask.shape[1] !== time)) {
      throw new ShapeError(`Invalid mask for ${this.label}: expected shape (${batch}, ${time}, ...), received ${formatShape(mask.shape)}.`);
    }
    return dl.tidy(() => {
      const folded = dl.reshape(x, [batch! * time!, ...rest]);
      const foldedMask = mask === null ? null : dl.reshape(mask, [batch! * time!, ...mask.shape.slice(2)]);
      const y = this.layer.apply(folded, { training: options.training ?? false, mask: foldedMask });
      return dl.reshape(y, [batch!, time!, ...y.shape.slice(1)]);
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const child = this.layer.computeOutputShape(this.childShape(inputShape)) as Shape;
    return [child[0] ?? null, inputShape[1] ?? null, ...child.slice(1)];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), layer: serializeLayer(this.layer) };
  }

  static override fromConfig(config: LayerConfig): TimeDistributed {
    return new TimeDistributed(innerLayer(config, 'layer'), config as LayerArgs);
  }
}
