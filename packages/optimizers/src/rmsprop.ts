import { add, div, fusedKernelNames, mul, sqrt, square, sub, type Tensor, type Variable } from '@dl/tensor';
import { checkBeta, checkNumber } from './checks';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer';

/** Arguments of {@link RMSprop}. */
export interface RMSpropArgs extends OptimizerArgs {
  /** Decay rate of the mean square, in [0, 1). Default 0.9. */
  rho?: number;
  /** Momentum in [0, 1]. Default 0. */
  momentum?: number;
  /** Added to the mean square under the root. Default 1e-7. */
  epsilon?: number;
  /** Divide by the estimated variance (mean square minus squared mean) instead. Default false. */
  centered?: boolean;
}

/**
 * RMSprop (Keras' `RMSprop`). Default learning rate 0.001.
 *
 * ```
 * s = rho * s + (1 - rho) * g²;   centered: a = rho * a + (1 - rho) * g, d = s - a² + eps; else d = s + eps
 * step = lr * g / sqrt(d);        momentum: p = momentum * p + step, w -= p; else w -= step
 * ```
 *
 * @throws ConfigError when an argument is out of range.
 * @example
 * ```ts
 * const opt = new RMSprop({ learningRate: 1e-3, centered: true });
 * ```
 */
export class RMSprop extends Optimizer {
  static override readonly className: string = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  private velocities: Variable[] = [];
  private momentums: Variable[] = [];
  private averageGradients: Variable[] = [];

  constructor(args: RMSpropArgs = {}) {
    super(args, 0.001);
    this.rho = checkBeta('RMSprop', 'rho', args.rho ?? 0.9);
    this.momentum = checkBeta('RMSprop', 'momentum', args.momentum ?? 0, true);
    this.epsilon = checkNumber('RMSprop', 'epsilon', args.epsilon ?? 1e-7, 'nonnegative');
    this.centered = args.centered ?? false;
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.velocities = this.addVariables(variables, 'velocity');
    if (this.momentum > 0) this.momentums = this.addVariables(variables, 'momentum');
    if (this.centered) this.averageGradients = this.addVariables(variables, 'average_gradient');
  }

  /** Every variable in one fused `DlRMSprop` call where the backend has it (wasm; not centered). */
  protected override updateSteps(grads: Tensor[], variables: Variable[], learningRate: number): boolean {
    if (this.centered) return false;
    return this.runFusedForAll(
      fusedKernelNames.rmsprop, grads, variables,
      (gradient, variable, i) => ({ variable, velocity: this.velocities[i], gradient, momentum: this.momentums[i] }),
      { learningRate, rho: this.rho, epsilon: this.epsilon, momentum: this.momentum },
      ([v, s, p], variable, i) => {
        variable.assign(v!);
        this.velocities[i]!.assign(s!);
        if (p !== undefined) this.momentums[i]!.assign(p);
      },
    );
  }

  protected updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void {
    const rho = this.constant(this.rho);
    const rest = this.constant(1 - this.rho);
    const eps = this.constant(this.epsilon);
    const s = this.velocities[index]!;
    const p = this.momentums[index];
    s.assign(add(mul(s, rho), mul(square(gradient), rest)));
    let denominator: Tensor;
    if (this.centered) {
      const a = this.averageGradients[index]!;
      a.assign(add(mul(a, rho), mul(gradient, rest)));
      denominator = add(sub(s, square(a)), eps);
    } else {
      denominator = add(s, eps);
    }
    const step = div(mul(gradient, this.constant(learningRate)), sqrt(denominator));
    if (p === undefined) {
      variable.assign(sub(variable, step));
    } else {
      p.assign(add(mul(p, this.constant(this.momentum)), step));
      variable.assign(sub(variable, p));
    }
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
