import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { formatShape, type Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';

/**
 * Keras' Reshape: gives each sample a new shape with the same number of
 * values; one entry may be -1 (inferred).
 *
 * Input shape: `(batch, ...)`. Output shape: `(batch, ...targetShape)`.
 *
 * @param targetShape The new shape of one sample (positive integers, at most one -1).
 * @throws ConfigError for a bad target shape; ShapeError when the sizes do not match.
 * @example
 * ```ts
 * new Reshape([3, 4]).apply(ones([2, 12])).shape; // [2, 3, 4]
 * ```
 */
export class Reshape extends Layer {
  static override readonly className = 'Reshape';
  readonly targetShape: number[];

  constructor(targetShape: number[], args: LayerArgs = {}) {
    super(args);
    const ok =
      Array.isArray(targetShape) &&
      targetShape.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) &&
      targetShape.filter((d) => d === -1).length <= 1;
    if (!ok) {
      throw new ConfigError(`Invalid \`targetShape\` for ${this.label}: expected positive integers with at most one -1, received ${describeValue(targetShape)}.`);
    }
    this.targetShape = [...targetShape];
  }

  private resolve(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    const known = rest.every((d) => d !== null);
    const total = known ? (rest as number[]).reduce((a, b) => a * b, 1) : null;
    const fixed = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const out: Shape = [...this.targetShape];
    const free = out.indexOf(-1);
    if (total !== null) {
      const ok = free >= 0 ? total % fixed === 0 : total === fixed;
      if (!ok) {
        throw new ShapeError(
          `Invalid input to ${this.label}: expected a sample of ${fixed}${free >= 0 ? 'k' : ''} values to reshape to ${formatShape(this.targetShape)}, received shape ${formatShape(inputShape)} (${total} values).`,
        );
      }
      if (free >= 0) out[free] = total / fixed;
    } else if (free >= 0) {
      out[free] = null;
    }
    return [inputShape[0] ?? null, ...out];
  }

  override call(x: Tensor): Tensor {
    const shape = this.resolve(x.shape);
    return dl.reshape(x, [x.shape[0]!, ...(shape.slice(1) as number[])]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return this.resolve(inputShape);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }

  static override fromConfig(config: LayerConfig): Reshape {
    return new Reshape(config['targetShape'] as number[], config as LayerArgs);
  }
}
