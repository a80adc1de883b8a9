import { add, div, mul, sqrt, square, sub, type Tensor, type Variable } from '@dl/tensor';
import { checkBeta, checkNumber } from './checks';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer';

/** Arguments of {@link Adadelta}. */
export interface AdadeltaArgs extends OptimizerArgs {
  /** Decay rate of both running averages, in [0, 1). Default 0.95. */
  rho?: number;
  /** Added under each root. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adadelta (Keras' `Adadelta`). Default learning rate 0.001 (Keras 3's; use
 * 1.0 for the paper's form).
 *
 * ```
 * a = rho * a + (1 - rho) * g²
 * delta = sqrt(d + eps) / sqrt(a + eps) * g
 * d = rho * d + (1 - rho) * delta²;   w -= lr * delta
 * ```
 *
 * @throws ConfigError when an argument is out of range.
 * @example
 * ```ts
 * const opt = new Adadelta({ learningRate: 1 });
 * ```
 */
export class Adadelta extends Optimizer {
  static override readonly className: string = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;
  private accumulatedGrads: Variable[] = [];
  private accumulatedDeltas: Variable[] = [];

  constructor(args: AdadeltaArgs = {}) {
    super(args, 0.001);
    this.rho = checkBeta('Adadelta', 'rho', args.rho ?? 0.95);
    this.epsilon = checkNumber('Adadelta', 'epsilon', args.epsilon ?? 1e-7, 'nonnegative');
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.accumulatedGrads = this.addVariables(variables, 'accumulated_grad');
    this.accumulatedDeltas = this.addVariables(variables, 'accumulated_delta_var');
  }

  protected updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void {
    const rho = this.constant(this.rho);
    const rest = this.constant(1 - this.rho);
    const eps = this.constant(this.epsilon);
    const a = this.accumulatedGrads[index]!;
    const d = this.accumulatedDeltas[index]!;
    a.assign(add(mul(a, rho), mul(square(gradient), rest)));
    // Keras' delta_var is the negative of this; the sign cancels in the square.
    const delta = div(mul(sqrt(add(d, eps)), gradient), sqrt(add(a, eps)));
    d.assign(add(mul(d, rho), mul(square(delta), rest)));
    variable.assign(sub(variable, mul(delta, this.constant(learningRate))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}
