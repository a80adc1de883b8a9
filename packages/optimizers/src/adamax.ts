import { abs, add, div, maximum, mul, sub, type Tensor, type Variable } from '@dl/tensor';
import { checkBeta, checkNumber } from './checks';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer';

/** Arguments of {@link Adamax}. */
export interface AdamaxArgs extends OptimizerArgs {
  /** Decay rate of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay rate of the infinity norm, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the norm. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adamax, Adam with the infinity norm (Keras' `Adamax`). Default learning
 * rate 0.001. With `t` the iteration count plus one:
 *
 * ```
 * m += (g - m) * (1 - beta1);  u = max(beta2 * u, |g|)
 * w -= lr / (1 - beta1^t) * m / (u + epsilon)
 * ```
 *
 * @throws ConfigError when an argument is out of range.
 * @example
 * ```ts
 * const opt = new Adamax({ learningRate: 0.002 });
 * ```
 */
export class Adamax extends Optimizer {
  static override readonly className: string = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private momentums: Variable[] = [];
  private norms: Variable[] = [];

  constructor(args: AdamaxArgs = {}) {
    super(args, 0.001);
    this.beta1 = checkBeta('Adamax', 'beta1', args.beta1 ?? 0.9);
    this.beta2 = checkBeta('Adamax', 'beta2', args.beta2 ?? 0.999);
    this.epsilon = checkNumber('Adamax', 'epsilon', args.epsilon ?? 1e-7, 'nonnegative');
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.momentums = this.addVariables(variables, 'momentum');
    this.norms = this.addVariables(variables, 'norm');
  }

  protected updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void {
    const t = this.iterations + 1;
    const m = this.momentums[index]!;
    const u = this.norms[index]!;
    m.assign(add(m, mul(sub(gradient, m), this.constant(1 - this.beta1))));
    u.assign(maximum(mul(u, this.constant(this.beta2)), abs(gradient)));
    const rate = this.constant(learningRate / (1 - this.beta1 ** t));
    variable.assign(sub(variable, div(mul(m, rate), add(u, this.constant(this.epsilon)))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
