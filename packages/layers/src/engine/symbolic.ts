import type { DataType } from '@dl/tensor';
import type { Shape } from './checks';
import type { Layer } from './layer';

let nextId = 0;

/**
 * A placeholder for a tensor in a model graph: what calling a layer on an
 * `Input` returns. It has a shape (with `null` for unknown sizes) and a dtype,
 * and knows the layer call (`node`) that made it. The functional `Model` of
 * `@dl/models` runs the graph between its inputs and outputs.
 *
 * @example
 * ```ts
 * const x = Input({ shape: [784] });          // SymbolicTensor, shape [null, 784]
 * const y = new Dense(10).apply(x);           // SymbolicTensor, shape [null, 10]
 * ```
 */
export class SymbolicTensor {
  /** Unique within the process; graphs use it as a key. */
  readonly id = nextId++;
  /** The node (layer call) that produced this tensor; set once by the layer. */
  node!: Node;
  constructor(
    /** The shape, batch axis first, `null` where unknown. */
    readonly shape: Shape,
    /** The dtype of the values it stands for. */
    readonly dtype: DataType,
    /** Which output of its node it is. */
    readonly outputIndex: number,
    /** A readable name: the producing layer's name, then the output index. */
    readonly name: string,
  ) {}

  /** The layer whose call produced this tensor. */
  get sourceLayer(): Layer {
    return this.node.layer;
  }

  /** The rank. */
  get rank(): number {
    return this.shape.length;
  }
}

/** Keyword arguments recorded with a layer call in a graph (replayed when the graph runs). */
export interface NodeArgs {
  /** A fixed training flag for this call (e.g. `layer.apply(x, { training: false })`), else inherited. */
  training?: boolean;
  /** True when the layer was called on an array (even of one tensor), so the graph passes an array again. */
  listInput?: boolean;
}

/**
 * One call of a layer in a graph: the symbolic tensors that went in and came
 * out. `layer.inboundNodes` lists a layer's calls, so a shared layer has several.
 */
export class Node {
  constructor(
    readonly layer: Layer,
    readonly inputs: SymbolicTensor[],
    readonly outputs: SymbolicTensor[],
    readonly args: NodeArgs,
  ) {
    for (const t of outputs) t.node = this;
  }

  /** The nodes whose outputs feed this one (each once). */
  get parents(): Node[] {
    return [...new Set(this.inputs.map((t) => t.node))];
  }
}

/** True for a symbolic tensor (or an array of them). */
export function isSymbolic(x: unknown): x is SymbolicTensor | SymbolicTensor[] {
  return x instanceof SymbolicTensor || (Array.isArray(x) && x.length > 0 && x.every((t) => t instanceof SymbolicTensor));
}
