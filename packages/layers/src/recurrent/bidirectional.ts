import * as dl from '@dl/tensor';
import { ConfigError, ShapeError, type Tensor } from '@dl/tensor';
import { oneOf, type Shape } from '../engine/checks';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig } from '../engine/layer';
import { serializeLayer } from '../registry';
import { RNN } from './rnn';
import { checkLayer, copyLayer, innerLayer } from './wrapper';

/** How Bidirectional combines the forward and backward outputs. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

/** Bidirectional's options. */
export interface BidirectionalArgs extends LayerArgs {
  /** `concat` (default) on the last axis, `sum`, `mul`, `ave`, or null for both outputs as a list. */
  mergeMode?: MergeMode | null;
  /** The backward layer; default: a copy of `layer` with `goBackwards` flipped. */
  backwardLayer?: RNN;
}

const modes: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave'];

function strip(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * Keras' Bidirectional: runs a recurrent layer forwards and a copy backwards
 * over the same sequence and merges the two outputs. As in Keras 3, both are
 * rebuilt from `layer`'s config (named `forward_<name>` and `backward_<name>`;
 * `layer`'s own weights are not used); with `returnSequences` the backward
 * outputs are reversed back in time before merging, and masked steps output
 * zeros. Initial states: call on `[x, ...forwardStates, ...backwardStates]`.
 *
 * Input shape: `(batch, time, features)`. Output shape: the layer's, with the
 * last axis doubled for `concat`; with `mergeMode: null` two outputs; with
 * `returnState` the forward then the backward states follow.
 * Weights: the forward layer's, then the backward layer's.
 *
 * @param layer A SimpleRNN, LSTM, GRU or RNN.
 * @throws ConfigError for a non-recurrent layer, an unknown `mergeMode`, or a backward layer whose `goBackwards`, `returnSequences` or `returnState` do not fit.
 * @example
 * ```ts
 * const bi = new Bidirectional(new LSTM(64));
 * bi.apply(ones([2, 10, 8])).shape; // [2, 128]
 * ```
 */
export class Bidirectional extends Layer {
  static override readonly className = 'Bidirectional';
  readonly forwardLayer: RNN;
  readonly backwardLayer: RNN;
  readonly mergeMode: MergeMode | null;
  readonly returnSequences: boolean;
  readonly returnState: boolean;

  constructor(layer: RNN, args: BidirectionalArgs = {}) {
    super(args);
    const who = this.label;
    const expected = 'a recurrent layer (SimpleRNN, LSTM, GRU or RNN)';
    checkLayer(layer, 'layer', who, expected);
    if (!(layer instanceof RNN)) throw new ConfigError(`Invalid \`layer\` for ${who}: expected ${expected}, received ${(layer as Layer).label}.`);
    this.mergeMode = args.mergeMode === null ? null : oneOf(args.mergeMode ?? 'concat', 'mergeMode', who, modes);
    this.forwardLayer = copyLayer(layer, { name: `forward_${strip(layer.name, 'forward_')}` });
    if (args.backwardLayer !== undefined) {
      checkLayer(args.backwardLayer, 'backwardLayer', who, expected);
      if (!(args.backwardLayer instanceof RNN)) throw new ConfigError(`Invalid \`backwardLayer\` for ${who}: expected ${expected}, received ${(args.backwardLayer as Layer).label}.`);
      this.backwardLayer = args.backwardLayer;
    } else {
      this.backwardLayer = copyLayer(layer, { name: `backward_${strip(layer.name, 'backward_')}`, goBackwards: !layer.goBackwards });
    }
    const [f, b] = [this.forwardLayer, this.backwardLayer];
    if (f.goBackwards === b.goBackwards) {
      throw new ConfigError(`Invalid \`backwardLayer\` for ${who}: expected goBackwards ${!f.goBackwards} (the opposite of the forward layer's), received ${b.goBackwards}.`);
    }
    for (const key of ['returnSequences', 'returnState'] as const) {
      if (f[key] !== b[key]) throw new ConfigError(`Invalid \`backwardLayer\` for ${who}: expected ${key} ${f[key]} (as the forward layer), received ${b[key]}.`);
    }
    f.zeroOutputForMask = f.returnSequences;
    b.zeroOutputForMask = b.returnSequences;
    this.returnSequences = f.returnSequences;
    this.returnState = f.returnState;
    this.trackLayer(f);
    this.trackLayer(b);
    this.supportsMasking = true;
    this.inputSpec = { ndim: 3 };
  }

  override build(shapes: Shape | Shape[]): void {
    const x = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
    if (!this.forwardLayer.built) this.forwardLayer.build(x);
    if (!this.backwardLayer.built) this.backwardLayer.build(x);
    super.build(shapes);
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[] {
    const [x, ...states] = Array.isArray(inputs) ? inputs : [inputs];
    const n = this.forwardLayer.cell.stateSize.length;
    if (states.length !== 0 && states.length !== 2 * n) {
      throw new ShapeError(`Invalid initial states for ${this.label}: expected ${2 * n} (forward then backward), received ${states.length}.`);
    }
    const mask = (Array.isArray(options.mask) ? options.mask[0] : options.mask) ?? null;
    const run = { training: options.training ?? false, mask };
    return dl.tidy(() => {
      const y = this.forwardLayer.applyAll(states.length > 0 ? [x!, ...states.slice(0, n)] : x!, run);
      const yRev = this.backwardLayer.applyAll(states.length > 0 ? [x!, ...states.slice(n)] : x!, run);
      const a = y[0]!;
      const b = this.returnSequences ? dl.reverse(yRev[0]!, 1) : yRev[0]!;
      const outputs = this.mergeMode === null ? [a, b] : [this.merge(a, b, this.mergeMode)];
      const all = this.returnState ? [...outputs, ...y.slice(1), ...yRev.slice(1)] : outputs;
      return all.length === 1 ? all[0]! : all;
    });
  }

  private merge(a: Tensor, b: Tensor, mode: MergeMode): Tensor {
    if (mode === 'concat') return dl.concat([a, b], -1);
    if (mode === 'sum') return dl.add(a, b);
    if (mode === 'mul') return dl.mul(a, b);
    return dl.div(dl.add(a, b), 2);
  }

  override computeOutputShape(shapes: Shape | Shape[]): Shape | Shape[] {
    const x = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
    const inner = this.forwardLayer.computeOutputShape(x);
    const [output, ...stateShapes] = (this.returnState ? inner : [inner]) as Shape[];
    const last = output![output!.length - 1]!;
    const merged = this.mergeMode === 'concat' ? [...output!.slice(0, -1), last === null ? null : 2 * last] : output!;
    const outputs = this.mergeMode === null ? [output!, output!] : [merged];
    const all = [...outputs, ...stateShapes, ...stateShapes];
    return all.length === 1 ? all[0]! : all;
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: CallOptions['mask']): Tensor | (Tensor | null)[] | null {
    const m = this.returnSequences ? ((Array.isArray(mask) ? mask[0] : mask) ?? null) : null;
    if (m === null) return null;
    const outputs = this.mergeMode === null ? [m, m] : [m];
    const states = this.returnState ? 2 * this.forwardLayer.cell.stateSize.length : 0;
    return outputs.length === 1 && states === 0 ? m : [...outputs, ...new Array<null>(states).fill(null)];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      mergeMode: this.mergeMode,
      layer: serializeLayer(this.forwardLayer),
      backwardLayer: serializeLayer(this.backwardLayer),
    };
  }

  static override fromConfig(config: LayerConfig): Bidirectional {
    const { layer: _layer, backwardLayer: _backward, ...rest } = config;
    const args: BidirectionalArgs = { ...(rest as BidirectionalArgs) };
    if (config['backwardLayer'] != null) args.backwardLayer = innerLayer(config, 'backwardLayer') as RNN;
    return new Bidirectional(innerLayer(config, 'layer') as RNN, args);
  }
}
