import * as dl from '@dl/tensor';
import { ShapeError, type Tensor } from '@dl/tensor';
import { getActivation, serializeActivation, type ActivationFn, type ActivationIdentifier } from '../activations';
import type { Constraint } from '../constraints';
import { formatShape, nonNegativeInt, numberIn, positiveInt, type Shape } from '../engine/checks';
import {
  Layer, constraintOrNull, regularizerOrNull, serializeOrNull,
  type CallOptions, type ConstraintIdentifier, type LayerArgs, type LayerConfig, type RegularizerIdentifier,
} from '../engine/layer';
import type { LayerWeight } from '../engine/weight';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers';
import type { Regularizer } from '../regularizers';
import { timeSteps, type RnnLoopOptions, type RnnLoopResult } from './rnn-loop';

/** The arguments every recurrent cell takes (Keras 3's, in camelCase). */
export interface RNNCellArgs extends LayerArgs {
  /** Applied to the candidate state and output. Default `tanh`; null is linear. */
  activation?: ActivationIdentifier;
  /** Whether to add biases. Default true. */
  useBias?: boolean;
  /** For `kernel` (inputs to gates). Default `glorotUniform`. */
  kernelInitializer?: InitializerIdentifier;
  /** For `recurrent_kernel` (state to gates). Default `orthogonal`. */
  recurrentInitializer?: InitializerIdentifier;
  /** For `bias`. Default `zeros`. */
  biasInitializer?: InitializerIdentifier;
  /** A penalty on `kernel`. */
  kernelRegularizer?: RegularizerIdentifier | null;
  /** A penalty on `recurrent_kernel`. */
  recurrentRegularizer?: RegularizerIdentifier | null;
  /** A penalty on `bias`. */
  biasRegularizer?: RegularizerIdentifier | null;
  /** A projection of `kernel` after each step. */
  kernelConstraint?: ConstraintIdentifier | null;
  /** A projection of `recurrent_kernel` after each step. */
  recurrentConstraint?: ConstraintIdentifier | null;
  /** A projection of `bias` after each step. */
  biasConstraint?: ConstraintIdentifier | null;
  /** Fraction in [0, 1] of the input units dropped in training (one mask per call, the same at every step). Default 0. */
  dropout?: number;
  /** Fraction in [0, 1] of the state units dropped in training (one mask per call). Default 0. */
  recurrentDropout?: number;
  /** A seed for the dropout masks (repeatable per layer); default: drawn from `setSeed`'s stream. */
  seed?: number | null;
}

/** Arguments of the gated cells (LSTM, GRU). */
export interface GatedCellArgs extends RNNCellArgs {
  /** Applied to the gates. Default `sigmoid`. */
  recurrentActivation?: ActivationIdentifier;
}

/** How `RNNCell.runFused` runs a sequence: the loop's options, and whether the layer is training. */
export interface RunOptions extends RnnLoopOptions {
  training: boolean;
}

/** One step of a cell: output and new states from the projected input and the states. */
export type CellStep = (input: Tensor, states: Tensor[]) => [Tensor, Tensor[]];

/** A cell ready to run over one sequence: the inputs projected for every step, and the step. */
export interface PreparedCell {
  /** `x·kernel + input bias` per timestep, each `(batch, gates·units)`. */
  inputs: Tensor[];
  step: CellStep;
}

/**
 * The base of SimpleRNNCell, LSTMCell and GRUCell: weights `kernel`
 * `(inputDim, gates·units)`, `recurrent_kernel` `(units, gates·units)` and
 * `bias`, Keras' dropout masks, and the input projection of a whole sequence
 * in one matMul (`prepare`), so that each step does one small matMul.
 *
 * With `recurrentDropout > 0` a gated cell draws one mask per gate for the
 * inputs and for the state (Keras 3's `implementation=1`); otherwise one input
 * mask is shared by all gates.
 */
export abstract class RNNCell extends Layer {
  readonly units: number;
  /** The sizes of the states (`[units]`, or `[units, units]` for LSTM's h and c). */
  abstract readonly stateSize: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly recurrentRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly kernelConstraint: Constraint | null;
  readonly recurrentConstraint: Constraint | null;
  readonly biasConstraint: Constraint | null;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | null;
  kernel: LayerWeight | null = null;
  recurrentKernel: LayerWeight | null = null;
  bias: LayerWeight | null = null;
  private draws = 0;

  protected constructor(units: number, readonly gates: number, args: RNNCellArgs) {
    super(args);
    const who = this.label;
    this.units = positiveInt(units, 'units', who);
    this.activation = getActivation(args.activation === undefined ? 'tanh' : args.activation, who);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform', who);
    this.recurrentInitializer = getInitializer(args.recurrentInitializer ?? 'orthogonal', who);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', who);
    this.kernelRegularizer = regularizerOrNull(args.kernelRegularizer, who);
    this.recurrentRegularizer = regularizerOrNull(args.recurrentRegularizer, who);
    this.biasRegularizer = regularizerOrNull(args.biasRegularizer, who);
    this.kernelConstraint = constraintOrNull(args.kernelConstraint, who);
    this.recurrentConstraint = constraintOrNull(args.recurrentConstraint, who);
    this.biasConstraint = constraintOrNull(args.biasConstraint, who);
    this.dropout = numberIn(args.dropout ?? 0, 'dropout', who, 0, 1);
    this.recurrentDropout = numberIn(args.recurrentDropout ?? 0, 'recurrentDropout', who, 0, 1);
    this.seed = args.seed == null ? null : nonNegativeInt(args.seed, 'seed', who);
  }

  /** The bias shape (GRU with `resetAfter` has two rows). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** The initial bias (LSTM's `unitForgetBias` overrides it). */
  protected initialBias(): Tensor | null {
    return null;
  }

  override build(shapes: Shape | Shape[]): void {
    const inputShape = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
    const inputDim = inputShape[inputShape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new ShapeError(`Invalid input shape for ${this.label}: expected a known last axis, received ${formatShape(inputShape)}.`);
    }
    const width = this.gates * this.units;
    this.kernel = this.addWeight('kernel', {
      shape: [inputDim, width], initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer, constraint: this.kernelConstraint,
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', {
      shape: [this.units, width], initializer: this.recurrentInitializer,
      regularizer: this.recurrentRegularizer, constraint: this.recurrentConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', {
        shape: this.biasShape(), initializer: this.biasInitializer,
        regularizer: this.biasRegularizer, constraint: this.biasConstraint,
      });
      const initial = this.initialBias();
      if (initial !== null) {
        this.bias.assign(initial);
        initial.dispose();
      }
    }
    super.build(inputShape);
  }

  /** The bias added to the input projection, or null. */
  protected inputBias(): Tensor | null {
    return this.bias === null ? null : this.bias.value;
  }

  /** The step function for one call, given the recurrent dropout masks (null outside training). */
  protected abstract makeStep(recurrentMasks: Tensor[] | null): CellStep;

  /** `count` dropout masks of shape `(batch, size)`, scaled by 1 / (1 - rate). */
  private masks(batch: number, size: number, rate: number, count: number): Tensor[] {
    return Array.from({ length: count }, () => {
      const seed = this.seed === null ? dl.nextSeed() : this.seed + 7919 * this.draws++;
      return dl.dropout(dl.ones([batch, size]), rate, undefined, seed);
    });
  }

  /**
   * Projects a whole sequence `(batch, time, inputDim)` through `kernel` in one
   * matMul, draws the dropout masks (training only), and returns the per-step
   * inputs with the step function.
   */
  prepare(x: Tensor, training: boolean): PreparedCell {
    const [batch, time, inputDim] = x.shape as [number, number, number];
    const perGate = this.recurrentDropout > 0 ? this.gates : 1;
    const inMasks = training && this.dropout > 0 && this.dropout < 1 ? this.masks(batch, inputDim, this.dropout, perGate) : null;
    const recMasks = training && this.recurrentDropout > 0 && this.recurrentDropout < 1
      ? this.masks(batch, this.units, this.recurrentDropout, perGate) : null;
    const kernel = this.kernel!.value as Tensor as dl.Tensor2D;
    // Time-major (time, batch, inputDim): the projection's rows then split into steps cheaply.
    const timeMajor = dl.transpose(x, [1, 0, 2]);
    const flat = (t: Tensor) => dl.reshape(t, [time * batch, inputDim]) as dl.Tensor2D;
    const dropped = (m: Tensor) => flat(dl.mul(timeMajor, dl.expandDims(m, 0)));
    const bias = this.inputBias();
    let proj: Tensor;
    // The fused product takes the bias only when it is a weight: tfjs-backend-wasm 4.22's _FusedMatMul
    // rejects a bias computed by other kernels (GRU's row of its (2, 3·units) bias) as "not rank 1".
    const fusable = bias === null || bias instanceof dl.Variable;
    if ((inMasks === null || inMasks.length === 1) && fusable) {
      proj = dl.fused.matMul({ a: inMasks === null ? flat(timeMajor) : dropped(inMasks[0]!), b: kernel, ...(bias === null ? {} : { bias }) });
    } else if (inMasks === null || inMasks.length === 1) {
      proj = dl.add(dl.matMul(inMasks === null ? flat(timeMajor) : dropped(inMasks[0]!), kernel), bias!);
    } else {
      const parts = dl.split(kernel, this.gates, 1).map((k, g) => dl.matMul(dropped(inMasks[g]!), k));
      proj = bias === null ? dl.concat(parts, 1) : dl.add(dl.concat(parts, 1), bias);
    }
    const inputs = timeSteps(dl.reshape(proj, [time, batch, this.gates * this.units]));
    return { inputs, step: this.makeStep(recMasks) };
  }

  /** The fused kernel that can run this cell's whole sequence (see `runFused`), or null when its settings are not covered. */
  protected fusedCell(): dl.FusedRecurrentCell | null {
    return null;
  }

  /** The input bias and the bias added to the recurrent product, for the fused kernel. */
  protected fusedBiases(): { bias?: Tensor; recurrentBias?: Tensor } {
    return this.bias === null ? {} : { bias: this.bias.value };
  }

  /**
   * Runs a whole sequence `(batch, time, inputDim)` with the current
   * backend's fused kernel (`runFusedRecurrent` in @dl/tensor: one kernel
   * call forward, one backward), or returns null so the caller runs the step
   * loop: when the backend has no such kernel, recurrent dropout applies, or
   * the cell's settings are not the kernel's (other activations; GRU without
   * `resetAfter`). Masks are the kernel's too. Draws the same dropout masks
   * as `prepare`. Call it inside `tidy`.
   */
  runFused(x: Tensor, initialStates: Tensor[], options: RunOptions): RnnLoopResult | null {
    const cell = this.fusedCell();
    const { training } = options;
    if (cell === null || (training && this.recurrentDropout > 0 && this.recurrentDropout < 1)) return null;
    if (!dl.hasFusedRecurrent(cell)) return null;
    const [batch, time, inputDim] = x.shape as [number, number, number];
    const masks = training && this.dropout > 0 && this.dropout < 1 ? this.masks(batch, inputDim, this.dropout, 1) : null;
    // Time-major (time, batch, inputDim): each step's rows contiguous for the kernel.
    const timeMajor = dl.transpose(x, [1, 0, 2]);
    const dropped = masks === null ? timeMajor : dl.mul(timeMajor, dl.expandDims(masks[0]!, 0));
    const projected = dl.matMul(dl.reshape(dropped, [time * batch, inputDim]), this.kernel!.value);
    const [h0, c0] = initialStates;
    const stepMask = options.mask === null ? {} : { mask: dl.transpose(dl.cast(options.mask, 'float32')) };
    const result = dl.runFusedRecurrent(
      cell,
      {
        x: dl.reshape(projected, [time, batch, this.gates * this.units]), kernel: this.recurrentKernel!.value, h0: h0!,
        ...(c0 === undefined ? {} : { c0 }), ...this.fusedBiases(), ...stepMask,
      },
      { reverse: options.goBackwards, returnSequences: options.returnSequences, zeroOutputForMask: options.zeroOutputForMask },
    );
    if (result === null) return null;
    const outputs = result.sequence === null ? null : dl.transpose(result.sequence, [1, 0, 2]);
    return { last: result.last, outputs, states: result.states };
  }

  /** `h·kernel`, with one dropout mask per gate block of `kernel` when masks are given. */
  protected recurrentProjection(h: Tensor, masks: Tensor[] | null, kernel: Tensor): Tensor {
    if (masks === null) return dl.matMul(h, kernel);
    if (masks.length === 1) return dl.matMul(dl.mul(h, masks[0]!), kernel);
    const blocks = dl.split(kernel, masks.length, 1);
    return dl.concat(blocks.map((k, g) => dl.matMul(dl.mul(h, masks[g]!), k)), 1);
  }

  /**
   * One step on its own: `[input, ...states]` (input `(batch, inputDim)`) to
   * `[output, ...newStates]`, as Keras' `cell(inputs, states)`.
   */
  override call(inputs: Tensor | Tensor[], options: CallOptions): Tensor[] {
    const [x, ...states] = Array.isArray(inputs) ? inputs : [inputs];
    if (states.length !== this.stateSize.length) {
      throw new ShapeError(`Invalid inputs to ${this.label}: expected [input, ${this.stateSize.length} state(s)], received ${states.length} state(s).`);
    }
    return dl.tidy(() => {
      const prepared = this.prepare(dl.expandDims(x!, 1), options.training ?? false);
      const [out, next] = prepared.step(prepared.inputs[0]!, states);
      return [out, ...next];
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const x = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [[x[0] ?? null, this.units], ...this.stateSize.map((s) => [x[0] ?? null, s])];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation, this.label),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeOrNull(this.kernelRegularizer),
      recurrentRegularizer: serializeOrNull(this.recurrentRegularizer),
      biasRegularizer: serializeOrNull(this.biasRegularizer),
      kernelConstraint: serializeOrNull(this.kernelConstraint),
      recurrentConstraint: serializeOrNull(this.recurrentConstraint),
      biasConstraint: serializeOrNull(this.biasConstraint),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
    };
  }
}

/** The gate activation of a gated cell, validated. */
export function recurrentActivationOf(args: GatedCellArgs, who: string): ActivationFn {
  return getActivation(args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation, who);
}
