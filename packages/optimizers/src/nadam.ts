import { add, div, mul, sqrt, square, sub, type Tensor, type Variable } from '@dl/tensor';
import { checkBeta, checkNumber } from './checks';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer';

/** Arguments of {@link Nadam}. */
export interface NadamArgs extends OptimizerArgs {
  /** Decay rate of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay rate of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the root of the corrected second moment. Default 1e-7. */
  epsilon?: number;
}

/**
 * Nadam, Adam with Nesterov momentum and Dozat's momentum schedule (Keras'
 * `Nadam`). Default learning rate 0.001. With `t` the iteration count plus
 * one, `u_t = beta1 * (1 - 0.5 * 0.96^t)` and `U_t` the product of `u_1..u_t`:
 *
 * ```
 * m += (g - m) * (1 - beta1);  v += (g² - v) * (1 - beta2)
 * mHat = u_{t+1} * m / (1 - U_{t+1}) + (1 - u_t) * g / (1 - U_t);  vHat = v / (1 - beta2^t)
 * w -= lr * mHat / (sqrt(vHat) + epsilon)
 * ```
 *
 * Keras keeps `U_t` in a variable; here it is recomputed on the host from the
 * iteration count, so it needs no state and costs no kernel.
 *
 * @throws ConfigError when an argument is out of range.
 * @example
 * ```ts
 * const opt = new Nadam({ learningRate: 0.002 });
 * ```
 */
export class Nadam extends Optimizer {
  static override readonly className: string = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  private product = { t: 0, value: 1 };

  constructor(args: NadamArgs = {}) {
    super(args, 0.001);
    this.beta1 = checkBeta('Nadam', 'beta1', args.beta1 ?? 0.9);
    this.beta2 = checkBeta('Nadam', 'beta2', args.beta2 ?? 0.999);
    this.epsilon = checkNumber('Nadam', 'epsilon', args.epsilon ?? 1e-7, 'nonnegative');
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.momentums = this.addVariables(variables, 'momentum');
    this.velocities = this.addVariables(variables, 'velocity');
  }

  private u(t: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** t);
  }

  /** U_t, the product of u_1..u_t, extended from the last value asked for. */
  private uProduct(t: number): number {
    if (t < this.product.t) this.product = { t: 0, value: 1 };
    let { t: at, value } = this.product;
    // Once the product underflows to 0 it stays 0, so the loop runs at most ~7,000 times.
    while (at < t && value !== 0) value *= this.u(++at);
    this.product = { t, value };
    return value;
  }

  protected updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void {
    const t = this.iterations + 1;
    const ut = this.u(t);
    const ut1 = this.u(t + 1);
    const productT = this.uProduct(t);
    const productT1 = productT * ut1;
    const m = this.momentums[index]!;
    const v = this.velocities[index]!;
    m.assign(add(m, mul(sub(gradient, m), this.constant(1 - this.beta1))));
    v.assign(add(v, mul(sub(square(gradient), v), this.constant(1 - this.beta2))));
    const mHatLr = add(
      mul(m, this.constant((learningRate * ut1) / (1 - productT1))),
      mul(gradient, this.constant((learningRate * (1 - ut)) / (1 - productT))),
    );
    const vHat = mul(v, this.constant(1 / (1 - this.beta2 ** t)));
    variable.assign(sub(variable, div(mHatLr, add(sqrt(vHat), this.constant(this.epsilon)))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
