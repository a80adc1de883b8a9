// Layers and helpers shared by the Layer engine's tests (not exported by the package).
import * as dl from '@dl/tensor';
import type { Tensor } from '@dl/tensor';
import { Dense, Layer, type LayerArgs, type LayerWeight, type Shape } from '@dl/layers';

/** The error `fn` throws; fails when it throws none. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

/** A layer with a sublayer, a non-trainable weight created before a trainable one, and a build counter. */
export class Composite extends Layer {
  static override readonly className = 'CompositeForTest';
  readonly inner: Dense;
  builds = 0;
  stat!: LayerWeight;
  scale!: LayerWeight;
  constructor(args: LayerArgs = {}) {
    super(args);
    this.inner = this.trackLayer(new Dense(2, { name: `${this.name}_inner` }));
  }
  override build(inputShape: Shape): void {
    this.builds++;
    this.stat = this.addWeight('stat', { shape: [1], initializer: 'zeros', trainable: false });
    this.scale = this.addWeight('scale', { shape: [inputShape[1] as number], initializer: 'ones' });
    super.build(inputShape);
  }
  override call(x: Tensor): Tensor {
    return this.inner.apply(dl.mul(x, this.scale.value));
  }
  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, 2];
  }
}
