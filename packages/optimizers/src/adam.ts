import { add, div, fusedKernelNames, maximum, mul, sqrt, square, sub, type Tensor, type Variable } from '@dl/tensor';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer';
import { checkBeta, checkNumber } from './checks';

/** Arguments of {@link Adam}. */
export interface AdamArgs extends OptimizerArgs {
  /** Decay rate of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay rate of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the root of the second moment ("epsilon hat"). Default 1e-7. */
  epsilon?: number;
  /** Use the AMSGrad variant (the maximum of past second moments). Default false. */
  amsgrad?: boolean;
}

/**
 * Adam (Keras' `Adam`). Default learning rate 0.001. With `t` the iteration
 * count plus one:
 *
 * ```
 * m += (g - m) * (1 - beta1);  v += (g² - v) * (1 - beta2)
 * w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)
 * ```
 *
 * @throws ConfigError when an argument is out of range.
 * @example
 * ```ts
 * const opt = new Adam({ learningRate: 1e-3, amsgrad: true });
 * ```
 */
export class Adam extends Optimizer {
  static override readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  private velocityHats: Variable[] = [];

  constructor(args: AdamArgs = {}) {
    super(args, 0.001);
    const cls = (this.constructor as typeof Optimizer).className;
    this.beta1 = checkBeta(cls, 'beta1', args.beta1 ?? 0.9);
    this.beta2 = checkBeta(cls, 'beta2', args.beta2 ?? 0.999);
    this.epsilon = checkNumber(cls, 'epsilon', args.epsilon ?? 1e-7, 'nonnegative');
    this.amsgrad = args.amsgrad ?? false;
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.momentums = this.addVariables(variables, 'momentum');
    this.velocities = this.addVariables(variables, 'velocity');
    if (this.amsgrad) this.velocityHats = this.addVariables(variables, 'velocity_hat');
  }

  /** Bias-corrected learning rate of this step (Keras' `alpha`). */
  private alpha(learningRate: number): number {
    const t = this.iterations + 1;
    return (learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
  }

  /** Every variable in one fused `DlAdam` call where the backend has it (wasm). */
  protected override updateSteps(grads: Tensor[], variables: Variable[], learningRate: number): boolean {
    return this.runFusedForAll(
      fusedKernelNames.adam, grads, variables,
      (gradient, variable, i) => ({ variable, m: this.momentums[i], v: this.velocities[i], gradient, vHat: this.velocityHats[i] }),
      { alpha: this.alpha(learningRate), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon },
      ([w, m, v, vHat], variable, i) => {
        variable.assign(w!);
        this.momentums[i]!.assign(m!);
        this.velocities[i]!.assign(v!);
        if (vHat !== undefined) this.velocityHats[i]!.assign(vHat);
      },
    );
  }

  protected updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void {
    const alpha = this.alpha(learningRate);
    const m = this.momentums[index]!;
    const v = this.velocities[index]!;
    const vHat = this.velocityHats[index];
    m.assign(add(m, mul(sub(gradient, m), this.constant(1 - this.beta1))));
    v.assign(add(v, mul(sub(square(gradient), v), this.constant(1 - this.beta2))));
    let second: Tensor = v;
    if (vHat !== undefined) {
      vHat.assign(maximum(vHat, v));
      second = vHat;
    }
    variable.assign(sub(variable, div(mul(m, this.constant(alpha)), add(sqrt(second), this.constant(this.epsilon)))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
