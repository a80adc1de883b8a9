import { add, mul, sign, sub, type Tensor, type Variable } from '@dl/tensor';
import { checkBeta } from './checks';
import { ConfigError } from '@dl/tensor';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer';

/** Arguments of {@link Lion}. */
export interface LionArgs extends OptimizerArgs {
  /** Weight of the momentum in the update's direction, in (0, 1]. Default 0.9. */
  beta1?: number;
  /** Decay rate of the momentum, in [0, 1). Default 0.99. */
  beta2?: number;
}

/**
 * Lion, sign momentum (Keras' `Lion`). Default learning rate 0.001; it wants
 * a learning rate 3-10x smaller than AdamW's, and a weight decay that much larger.
 *
 * ```
 * w -= lr * sign(beta1 * m + (1 - beta1) * g);   m = beta2 * m + (1 - beta2) * g
 * ```
 *
 * @throws ConfigError when an argument is out of range (`beta1` must be in (0, 1]).
 * @example
 * ```ts
 * const opt = new Lion({ learningRate: 1e-4, weightDecay: 0.1 });
 * ```
 */
export class Lion extends Optimizer {
  static override readonly className: string = 'Lion';
  readonly beta1: number;
  readonly beta2: number;
  private momentums: Variable[] = [];

  constructor(args: LionArgs = {}) {
    super(args, 0.001);
    this.beta1 = checkBeta('Lion', 'beta1', args.beta1 ?? 0.9, true);
    if (this.beta1 === 0) {
      throw new ConfigError('Invalid `beta1` for Lion: expected a number in (0, 1] (0 degenerates to SignSGD), received 0.');
    }
    this.beta2 = checkBeta('Lion', 'beta2', args.beta2 ?? 0.99);
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.momentums = this.addVariables(variables, 'momentum');
  }

  protected updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void {
    const m = this.momentums[index]!;
    const direction = sign(add(mul(m, this.constant(this.beta1)), mul(gradient, this.constant(1 - this.beta1))));
    variable.assign(sub(variable, mul(direction, this.constant(learningRate))));
    m.assign(add(mul(m, this.constant(this.beta2)), mul(gradient, this.constant(1 - this.beta2))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2 };
  }
}
