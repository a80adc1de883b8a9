import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, describeValue, type Tensor } from '@dl/tensor';
import { bool, formatShape, type Shape } from '../engine/checks';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig } from '../engine/layer';
import { deserializeLayer, serializeLayer, type SerializedLayer } from '../registry';
import { RNNCell } from './rnn-cell';
import { rnnLoop } from './rnn-loop';

/** The arguments of every recurrent layer (Keras 3's `RNN` arguments, in camelCase). */
export interface RNNArgs extends LayerArgs {
  /** Return the whole output sequence `(batch, time, units)` rather than the last output. Default false. */
  returnSequences?: boolean;
  /** Also return the final states (`applyAll` gives `[output, ...states]`). Default false. */
  returnState?: boolean;
  /** Process the sequence backwards and return the outputs in that (reversed) order. Default false. */
  goBackwards?: boolean;
  /** Carry states across batches: not supported (only false). */
  stateful?: boolean;
  /** Keras' unrolling flag: accepted and stored; dl always runs the same loop. Default false. */
  unroll?: boolean;
  /** A masked step outputs zeros instead of the previous output (Bidirectional sets it with `returnSequences`). Default false. */
  zeroOutputForMask?: boolean;
}

const rnnKeys = ['returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'zeroOutputForMask'];
const layerOnlyKeys = new Set([...rnnKeys, 'name', 'inputShape', 'batchSize', 'batchInputShape', 'activityRegularizer', 'cell']);

/** A recurrent layer's arguments without the layer's own (what its cell takes), with the cell named after the layer. */
export function cellArgs<A extends object>(args: A, name: string): A {
  const out: Record<string, unknown> = { name };
  for (const [key, value] of Object.entries(args)) if (!layerOnlyKeys.has(key)) out[key] = value;
  return out as A;
}

function firstMask(mask: CallOptions['mask']): Tensor | null {
  return (Array.isArray(mask) ? mask[0] : mask) ?? null;
}

/**
 * Keras' RNN: runs a cell over the time axis. SimpleRNN, LSTM and GRU are
 * RNNs with their cell; `new RNN(new LSTMCell(8))` is the same layer as
 * `new LSTM(8)`. The input projection of the whole sequence is one matMul;
 * each step is one small matMul and the gate ops, all differentiable.
 *
 * Masks (from `Embedding({ maskZero })` or `Masking`): on a masked step the
 * states keep their values and the output repeats the previous one (zeros
 * before the first unmasked step; zeros on every masked step with
 * `zeroOutputForMask`). Initial states: call on `[x, ...states]`.
 *
 * Input shape: `(batch, time, features)`. Output shape: `(batch, units)`, or
 * `(batch, time, units)` with `returnSequences`; then the states `(batch, units)`
 * each with `returnState`. Weights: the cell's.
 *
 * @param cell A SimpleRNNCell, LSTMCell or GRUCell.
 * @throws ConfigError for `stateful: true` or a non-boolean flag; ShapeError for a non-3D input, no timesteps, or wrong initial states.
 * @example
 * ```ts
 * const rnn = new RNN(new LSTMCell(8), { returnSequences: true });
 * rnn.apply(ones([2, 5, 3])).shape; // [2, 5, 8]
 * ```
 */
export class RNN extends Layer {
  static override readonly className: string = 'RNN';
  readonly cell: RNNCell;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful = false;
  readonly unroll: boolean;
  /** Whether masked steps output zeros; Bidirectional sets it to `returnSequences`. */
  zeroOutputForMask: boolean;
  /** True when the layer made its cell (SimpleRNN, LSTM, GRU): the config is flat, as Keras'. */
  private readonly ownsCell: boolean;

  constructor(cell: RNNCell | ((name: string) => RNNCell), args: RNNArgs = {}) {
    super(args);
    const who = this.label;
    this.returnSequences = bool(args.returnSequences ?? false, 'returnSequences', who);
    this.returnState = bool(args.returnState ?? false, 'returnState', who);
    this.goBackwards = bool(args.goBackwards ?? false, 'goBackwards', who);
    this.unroll = bool(args.unroll ?? false, 'unroll', who);
    this.zeroOutputForMask = bool(args.zeroOutputForMask ?? false, 'zeroOutputForMask', who);
    if (args.stateful !== undefined && args.stateful !== false) {
      throw new ConfigError(`Invalid \`stateful\` for ${who}: expected false (stateful recurrent layers are not supported), received ${describeValue(args.stateful)}.`);
    }
    this.ownsCell = typeof cell === 'function';
    const made: unknown = typeof cell === 'function' ? cell(this.name) : cell;
    if (!(made instanceof RNNCell)) {
      throw new ConfigError(`Invalid \`cell\` for ${who}: expected a SimpleRNNCell, LSTMCell or GRUCell, received ${describeValue(made)}.`);
    }
    this.cell = this.trackLayer(made);
    this.supportsMasking = true;
    this.inputSpec = { ndim: 3 };
  }

  /** The size of the output (the cell's `units`). */
  get units(): number {
    return this.cell.units;
  }

  override build(shapes: Shape | Shape[]): void {
    const x = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
    if (!this.cell.built) this.cell.build([x[0] ?? null, x[2] ?? null]);
    this.inputSpec = { ndim: 3, axes: { [-1]: this.cell.kernel!.shape[0]! } };
    super.build(shapes);
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[] {
    const [x, ...given] = Array.isArray(inputs) ? inputs : [inputs];
    const [batch, time] = x!.shape as [number, number];
    const sizes = this.cell.stateSize;
    if (time === 0) throw new ShapeError(`Invalid input to ${this.label}: expected at least one timestep, received shape ${formatShape(x!.shape)}.`);
    const wrong = given.findIndex((s, i) => s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== sizes[i]);
    if ((given.length > 0 && given.length !== sizes.length) || wrong >= 0) {
      const want = sizes.map((s) => formatShape([batch, s])).join(', ');
      throw new ShapeError(`Invalid initial states for ${this.label}: expected ${sizes.length} of shapes ${want}, received ${given.map((s) => formatShape(s.shape)).join(', ')}.`);
    }
    return dl.tidy(() => {
      const initial = given.length > 0 ? given : sizes.map((s) => dl.zeros([batch, s]));
      const training = options.training ?? false;
      const loop = { mask: firstMask(options.mask), goBackwards: this.goBackwards, zeroOutputForMask: this.zeroOutputForMask, returnSequences: this.returnSequences };
      const result = this.cell.runFused(x!, initial, { ...loop, training }) ?? (() => {
        const prepared = this.cell.prepare(x!, training);
        return rnnLoop(prepared.step, prepared.inputs, initial, loop);
      })();
      const output = result.outputs ?? result.last;
      return this.returnState ? [output, ...result.states] : output;
    });
  }

  override computeOutputShape(shapes: Shape | Shape[]): Shape | Shape[] {
    const x = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
    const batch = x[0] ?? null;
    const output = this.returnSequences ? [batch, x[1] ?? null, this.cell.units] : [batch, this.cell.units];
    return this.returnState ? [output, ...this.cell.stateSize.map((s) => [batch, s])] : output;
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: CallOptions['mask']): Tensor | (Tensor | null)[] | null {
    const output = this.returnSequences ? firstMask(mask) : null;
    if (output === null || !this.returnState) return output;
    return [output, ...this.cell.stateSize.map(() => null)];
  }

  /**
   * Keras' config: the RNN arguments with the cell's arguments flat for
   * SimpleRNN, LSTM and GRU, or with the serialized `cell` for a plain RNN.
   */
  override getConfig(): LayerConfig {
    const config: LayerConfig = {
      ...super.getConfig(),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      zeroOutputForMask: this.zeroOutputForMask,
    };
    if (!this.ownsCell) return { ...config, cell: serializeLayer(this.cell) };
    const cellConfig: Record<string, unknown> = { ...this.cell.getConfig() };
    for (const key of ['name', 'trainable', 'dtype']) delete cellConfig[key];
    return { ...config, ...cellConfig };
  }

  static override fromConfig(config: LayerConfig): Layer {
    const { cell, ...rest } = config;
    return new RNN(deserializeLayer(cell as SerializedLayer) as RNNCell, rest as RNNArgs);
  }
}
