import { ConfigError, describeValue, type Tensor } from '@dl/tensor';
import type { Shape } from '../engine/checks';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig } from '../engine/layer';

/** A function a Lambda layer runs. */
export type LambdaFn = (inputs: Tensor | Tensor[], options: CallOptions) => Tensor | Tensor[];

/** Lambda's options. */
export interface LambdaArgs extends LayerArgs {
  /** The output shape (with the batch axis), if the automatic probe cannot find it. */
  outputShape?: Shape;
  /** The name the function is registered under (`registerLambda`); required to save the layer. */
  functionName?: string;
}

const functions = new Map<string, LambdaFn>();

/**
 * Registers a function for Lambda layers under a name. A saved Lambda stores
 * only this name; loading looks the function up here, so a file can never make
 * dl run code.
 *
 * @throws ConfigError for an empty name or a non-function.
 * @example
 * ```ts
 * registerLambda('double', (x) => mul(x as Tensor, 2));
 * const layer = new Lambda('double');
 * ```
 */
export function registerLambda(name: string, fn: LambdaFn): void {
  if (typeof name !== 'string' || name === '') {
    throw new ConfigError(`Invalid \`name\` for registerLambda: expected a non-empty string, received ${describeValue(name)}.`);
  }
  if (typeof fn !== 'function') {
    throw new ConfigError(`Invalid \`fn\` for registerLambda: expected a function, received ${describeValue(fn)}.`);
  }
  functions.set(name, fn);
}

/**
 * Keras' Lambda: runs the function you pass (or the one registered under a
 * name) as a layer without weights.
 *
 * Input shape: any. Output shape: what the function returns (probed, or `outputShape`).
 * Masks stop here, as in Keras without Lambda's `mask` argument.
 *
 * @param fn A function, or the name of one given to `registerLambda`.
 * @throws ConfigError for a name nothing was registered under, listing the registered names.
 * @example
 * ```ts
 * const square = new Lambda((x) => mul(x as Tensor, x as Tensor));
 * square.apply(tensor([1, 2, 3])); // [1, 4, 9]
 * ```
 */
export class Lambda extends Layer {
  static override readonly className = 'Lambda';
  readonly fn: LambdaFn;
  readonly functionName: string | null;
  private readonly fixedOutputShape: Shape | null;

  constructor(fn: LambdaFn | string, args: LambdaArgs = {}) {
    super(args);
    if (typeof fn === 'string') {
      const found = functions.get(fn);
      if (found === undefined) {
        const known = [...functions.keys()].map((n) => `"${n}"`).join(', ') || 'none';
        throw new ConfigError(`Unknown Lambda function "${fn}" for ${this.label}: expected a name given to registerLambda(); registered: ${known}.`);
      }
      this.fn = found;
      this.functionName = fn;
    } else if (typeof fn === 'function') {
      this.fn = fn;
      this.functionName = args.functionName ?? [...functions].find(([, f]) => f === fn)?.[0] ?? null;
    } else {
      throw new ConfigError(`Invalid \`fn\` for ${this.label}: expected a function or a registered name, received ${describeValue(fn)}.`);
    }
    this.fixedOutputShape = args.outputShape ?? null;
    // Keras' Lambda without a `mask` argument: a mask stops here (the function may change the shape).
    this.supportsMasking = false;
  }

  override call(x: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[] {
    return this.fn(x, options);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return this.fixedOutputShape ?? super.computeOutputShape(inputShape);
  }

  /** @throws ConfigError for a function never registered: it could not be loaded again. */
  override getConfig(): LayerConfig {
    if (this.functionName === null) {
      throw new ConfigError(
        `Cannot serialize ${this.label}: its function is not registered. Call registerLambda(name, fn) and pass the name (new Lambda(name)).`,
      );
    }
    const config: LayerConfig = { ...super.getConfig(), function: this.functionName };
    if (this.fixedOutputShape !== null) config['outputShape'] = this.fixedOutputShape;
    return config;
  }

  static override fromConfig(config: LayerConfig): Lambda {
    return new Lambda(String(config['function']), config as LambdaArgs);
  }
}
