import type { Tensor } from '@dl/tensor';
import { getActivation, serializeActivation, type ActivationFn, type ActivationIdentifier } from '../activations';
import type { Shape } from '../engine/checks';
import { Layer, type LayerArgs, type LayerConfig } from '../engine/layer';

/**
 * Keras' Activation: applies an activation to its input.
 *
 * Input shape: any. Output shape: the same.
 *
 * @param activation A name (`'relu'`, `'softmax'`, ...) or a function.
 * @throws ConfigError for an unknown activation name.
 * @example
 * ```ts
 * new Activation('relu').apply(tensor([-1, 2])); // [0, 2]
 * ```
 */
export class Activation extends Layer {
  static override readonly className = 'Activation';
  readonly activation: ActivationFn;

  constructor(activation: ActivationIdentifier, args: LayerArgs = {}) {
    super(args);
    this.activation = getActivation(activation, this.label);
    this.supportsMasking = true;
  }

  override call(x: Tensor): Tensor {
    return this.activation(x);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), activation: serializeActivation(this.activation, this.label) };
  }

  static override fromConfig(config: LayerConfig): Activation {
    return new Activation(config['activation'] as ActivationIdentifier, config as LayerArgs);
  }
}
