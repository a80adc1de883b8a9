import { add, div, mul, sqrt, square, sub, type Tensor, type Variable } from '@dl/tensor';
import { checkNumber } from './checks';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer';

/** Arguments of {@link Adagrad}. */
export interface AdagradArgs extends OptimizerArgs {
  /** The accumulators' starting value, >= 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Added to the accumulator under the root. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adagrad (Keras' `Adagrad`). Default learning rate 0.001 (Keras 3's; tfjs
 * and Keras 2 used 0.01).
 *
 * ```
 * acc += g²;   w -= lr * g / sqrt(acc + epsilon)
 * ```
 *
 * @throws ConfigError when an argument is out of range.
 * @example
 * ```ts
 * const opt = new Adagrad({ learningRate: 0.01 });
 * ```
 */
export class Adagrad extends Optimizer {
  static override readonly className: string = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  private accumulators: Variable[] = [];

  constructor(args: AdagradArgs = {}) {
    super(args, 0.001);
    this.initialAccumulatorValue = checkNumber('Adagrad', 'initialAccumulatorValue', args.initialAccumulatorValue ?? 0.1, 'nonnegative');
    this.epsilon = checkNumber('Adagrad', 'epsilon', args.epsilon ?? 1e-7, 'nonnegative');
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.accumulators = this.addVariables(variables, 'accumulator', this.initialAccumulatorValue);
  }

  protected updateStep(gradient: Tensor, variable: Variable, index: number, learningRate: number): void {
    const acc = this.accumulators[index]!;
    acc.assign(add(acc, square(gradient)));
    const step = div(mul(gradient, this.constant(learningRate)), sqrt(add(acc, this.constant(this.epsilon))));
    variable.assign(sub(variable, step));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
