import { add, mul, sub, type Tensor, type Variable } from '@dl/tensor';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer';
import { checkBeta } from './checks';

/** Arguments of {@link SGD}. */
export interface SGDArgs extends OptimizerArgs {
  /** Momentum in [0, 1]; 0 is plain gradient descent. Default 0. */
  momentum?: number;
  /** Use Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/**
 * Gradient descent, with optional (Nesterov) momentum (Keras' `SGD`).
 * Default learning rate 0.01.
 *
 * ```
 * velocity = momentum * velocity - lr * g
 * w += velocity                                   // nesterov: w += momentum * velocity - lr * g
 * ```
 *
 * @throws ConfigError when an argument is out of range.
 * @example
 * ```ts
 * const opt = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * ```
 */
export class SGD extends Optimizer {
  static override readonly className: string = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  private momentums: Variable[] = [];

  constructor(args: SGDArgs = {}) {
    super(args, 0.01);
    this.momentum = checkBeta('SGD', 'momentum', args.momentum ?? 0, true);
    this.nesterov = args.nesterov ?? false;
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    if (this.momentum !== 0) this.momentums = this.addVariables(variables, 'momentum');
  }

  protected updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void {
    const step = mul(gradient, this.constant(learningRate));
    const m = this.momentums[index];
    if (m === undefined) {
      variable.assign(sub(variable, step));
      return;
    }
    const momentum = this.constant(this.momentum);
    m.assign(sub(mul(m, momentum), step));
    variable.assign(add(variable, this.nesterov ? sub(mul(m, momentum), step) : m));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
