import { ConfigError, cast, describeValue, expandDims, greaterEqual, read, sum, tensor1d, tidy, type Tensor } from '@dl/tensor';
import { Layer, type LayerArgs, type LayerConfig, type Shape } from '@dl/layers';
import { encodeCategorical, encodedShape, forEachBatch, outputModeOf, type AdaptData, type OutputMode } from './common';

/** Arguments of {@link Discretization}. */
export interface DiscretizationArgs extends LayerArgs {
  /** Sorted bin edges: bin `i` holds `edges[i-1] <= x < edges[i]`. */
  binBoundaries?: number[] | null;
  /** With `adapt`: how many bins (quantiles of the data). */
  numBins?: number | null;
  /** Precision of the adapted quantiles (default 0.01, Keras' summary algorithm). */
  epsilon?: number;
  /** `'int'` (default), `'oneHot'`, `'multiHot'` or `'count'`. */
  outputMode?: Exclude<OutputMode, 'tfIdf'> | 'one_hot' | 'multi_hot';
}

type Summary = [number[], number[]];

/** Keras' `summarize`: every `step`-th sorted value, weighted by the step (float32 as in Keras). */
function summarize(values: Float32Array, epsilon: number): Summary {
  const sorted = Float32Array.from(values).sort();
  const increment = sorted.length / (1 / epsilon);
  const step = Math.max(increment, 1);
  const b: number[] = [];
  for (let i = Math.trunc(increment); i < sorted.length; i += Math.trunc(step)) b.push(sorted[i]!);
  return [b, b.map(() => Math.fround(step))];
}

/** numpy.interp for increasing xp. */
function interp(x: number, xp: number[], fp: number[]): number {
  if (x <= xp[0]!) return fp[0]!;
  if (x >= xp[xp.length - 1]!) return fp[fp.length - 1]!;
  let j = 0;
  while (xp[j + 1]! < x) j++;
  if (x === xp[j + 1]) return fp[j + 1]!;
  const t = (x - xp[j]!) / (xp[j + 1]! - xp[j]!);
  return fp[j]! + t * (fp[j + 1]! - fp[j]!);
}

/** Keras' `compress_summary`. */
function compress(s: Summary, epsilon: number): Summary {
  if (s[0].length * epsilon < 1) return s;
  const count = Math.ceil(1 / epsilon);
  const percents = Array.from({ length: count }, (_, i) => epsilon + i * epsilon);
  const cum: number[] = [];
  let acc = 0;
  for (const w of s[1]) cum.push((acc = Math.fround(acc + w)));
  const total = cum[cum.length - 1]!;
  const cumPct = cum.map((c) => Math.fround(c / total));
  const bins = percents.map((p) => Math.fround(interp(p, cumPct, s[0])));
  const cw = percents.map((p) => interp(p, cumPct, cum));
  const weights = cw.map((c, i) => Math.fround(c - (i === 0 ? 0 : cw[i - 1]!)));
  return [bins, weights];
}

/**
 * Buckets numbers into bins, as Keras' `Discretization`: given `binBoundaries`, or
 * `numBins` quantiles learned by `adapt` (Keras' approximate-quantile summary, so the
 * edges equal Keras' for the same data).
 *
 * Input: a float tensor. Output: int32 bin indices of the same shape (`'int'`), or
 * encodings over `binBoundaries.length + 1` bins.
 *
 * @example
 * ```ts
 * import { tensor2d } from '@dl/tensor';
 * import { Discretization } from '@dl/preprocessing';
 * new Discretization({ binBoundaries: [0, 1, 2] }).apply(tensor2d([[-1.5, 1, 3.4, 0.5]])); // [[0, 2, 3, 1]]
 * ```
 */
export class Discretization extends Layer {
  static override readonly className: string = 'Discretization';
  binBoundaries: number[] | null;
  readonly numBins: number | null;
  readonly epsilon: number;
  readonly outputMode: OutputMode;

  /**
   * @param args `binBoundaries` or `numBins`, `epsilon`, `outputMode`, and the Layer arguments.
   * @throws ConfigError unless exactly one of `binBoundaries` / `numBins` is given, or for unsorted edges.
   */
  constructor(args: DiscretizationArgs = {}) {
    super(args);
    const who = this.label;
    const b = args.binBoundaries ?? null;
    const n = args.numBins ?? null;
    if (b !== null && n !== null) {
      throw new ConfigError(`Invalid arguments for ${who}: give \`binBoundaries\` or \`numBins\`, not both.`);
    }
    if (b === null && n === null) throw new ConfigError(`Missing argument for ${who}: expected \`binBoundaries\` or \`numBins\`, received neither.`);
    if (b !== null && (!Array.isArray(b) || !b.every((v, i) => Number.isFinite(v) && (i === 0 || v >= b[i - 1]!)))) {
      throw new ConfigError(`Invalid \`binBoundaries\` for ${who}: expected sorted finite numbers, received ${describeValue(b)}.`);
    }
    if (n !== null && !(Number.isInteger(n) && n >= 2)) throw new ConfigError(`Invalid \`numBins\` for ${who}: expected an integer >= 2, received ${describeValue(n)}.`);
    this.binBoundaries = b;
    this.numBins = n;
    this.epsilon = args.epsilon ?? 0.01;
    if (!(this.epsilon > 0 && this.epsilon < 1)) throw new ConfigError(`Invalid \`epsilon\` for ${who}: expected a number in (0, 1), received ${describeValue(args.epsilon)}.`);
    this.outputMode = outputModeOf(args.outputMode ?? 'int', ['int', 'oneHot', 'multiHot', 'count'], who);
  }

  /**
   * Learns `numBins` bins from the quantiles of the data (reads it to the host).
   *
   * @throws ConfigError on empty data, NaN, or a layer made with `binBoundaries`.
   */
  async adapt(data: AdaptData): Promise<void> {
    const where = `${this.label}.adapt`;
    if (this.numBins === null) throw new ConfigError(`Cannot adapt ${this.label}: it was made with \`binBoundaries\`; use \`numBins\` instead.`);
    let summary: Summary = [[], []];
    await forEachBatch(data, where, async (batch) => {
      const values = Float32Array.from(await read(batch));
      if (values.some((v) => Number.isNaN(v))) throw new ConfigError(`Invalid data for ${where}: expected numbers, received NaN; fill missing values first (SimpleImputer).`);
      const next = summarize(values, this.epsilon);
      const merged = [...summary[0].map((v, i) => [v, summary[1][i]!] as const), ...next[0].map((v, i) => [v, next[1][i]!] as const)].sort((a, b) => a[0] - b[0]);
      summary = compress([merged.map((m) => m[0]), merged.map((m) => m[1])], this.epsilon);
    });
    this.binBoundaries = compress(summary, 1 / this.numBins)[0].slice(0, -1);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const edges = this.binBoundaries;
    if (edges === null) throw new ConfigError(`${this.label} has no bins: pass \`binBoundaries\` or call \`await layer.adapt(data)\` first.`);
    return tidy(() => {
      const idx = edges.length === 0
        ? cast(greaterEqual(x, Infinity), 'int32')
        : sum(cast(greaterEqual(expandDims(cast(x, 'float32'), -1), tensor1d(edges)), 'int32'), -1);
      if (this.outputMode === 'int') return idx;
      return encodeCategorical(idx, this.outputMode as Exclude<OutputMode, 'int'>, edges.length + 1);
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return encodedShape(inputShape, this.outputMode, (this.binBoundaries?.length ?? this.numBins! - 1) + 1) as Shape;
  }

  protected override outputDtype(): 'int32' | 'float32' {
    return this.outputMode === 'int' ? 'int32' : 'float32';
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), binBoundaries: this.binBoundaries, numBins: this.numBins, epsilon: this.epsilon, outputMode: this.outputMode };
  }

  static override fromConfig(config: LayerConfig): Discretization {
    const { binBoundaries, ...rest } = config as unknown as DiscretizationArgs;
    if (binBoundaries == null || rest.numBins == null) return new Discretization(config as unknown as DiscretizationArgs);
    // After adapt both are set: make the layer with numBins, then restore the edges (Keras' from_config).
    const layer = new Discretization(rest);
    layer.binBoundaries = [...binBoundaries];
    return layer;
  }
}
