import { ConfigError, describeValue } from '@dl/tensor';

/** A shape with `null` for unknown sizes (the batch axis, a free sequence length). */
export type Shape = (number | null)[];

/** Says which layer an error is about: `Dense "dense_1"`. */
export function layerLabel(className: string, name: string | undefined): string {
  return name === undefined ? className : `${className} "${name}"`;
}

function invalid(arg: string, who: string, expected: string, value: unknown): ConfigError {
  return new ConfigError(`Invalid \`${arg}\` for ${who}: expected ${expected}, received ${describeValue(value)}.`);
}

/** A positive integer, or a ConfigError naming the argument and the layer. */
export function positiveInt(value: unknown, arg: string, who: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw invalid(arg, who, 'a positive integer', value);
  return value;
}

/** A non-negative integer. */
export function nonNegativeInt(value: unknown, arg: string, who: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(arg, who, 'a non-negative integer', value);
  return value;
}

/** A finite number in [min, max] (or [min, max) when `maxOpen`). */
export function numberIn(value: unknown, arg: string, who: string, min: number, max: number, maxOpen = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (maxOpen ? value < max : value <= max);
  if (!ok) throw invalid(arg, who, `a number in [${min}, ${max}${maxOpen ? ')' : ']'}`, value);
  return value as number;
}

/** A finite number. */
export function finiteNumber(value: unknown, arg: string, who: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(arg, who, 'a finite number', value);
  return value;
}

/** A boolean. */
export function bool(value: unknown, arg: string, who: string): boolean {
  if (typeof value !== 'boolean') throw invalid(arg, who, 'true or false', value);
  return value;
}

/** One of the listed strings. */
export function oneOf<T extends string>(value: unknown, arg: string, who: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw invalid(arg, who, `one of ${options.map((o) => `"${o}"`).join(', ')}`, value);
  }
  return value as T;
}

/**
 * An integer or a tuple of `n` integers (Keras' `kernel_size=3` or `(3, 3)`),
 * each at least `min`, as a tuple of length `n`.
 */
export function intTuple(value: unknown, n: number, arg: string, who: string, min = 1): number[] {
  const list = typeof value === 'number' ? new Array<number>(n).fill(value) : value;
  const ok =
    Array.isArray(list) && list.length === n && list.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= min);
  if (!ok) {
    const what = min === 1 ? 'positive integer' : `integer >= ${min}`;
    throw invalid(arg, who, n === 1 ? `a ${what}` : `a ${what} or an array of ${n}`, value);
  }
  return [...(list as number[])];
}

/** A shape of positive integers or null (unknown), as given to `Input` or `Reshape`. */
export function shapeOf(value: unknown, arg: string, who: string, allowMinusOne = false): Shape {
  const ok =
    Array.isArray(value) &&
    value.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && (d > 0 || (allowMinusOne && d === -1))));
  if (!ok) throw invalid(arg, who, 'an array of positive integers or null', value);
  return [...(value as Shape)];
}

/** Normalizes a (possibly negative) axis for a given rank, or throws. */
export function normalizeAxis(axis: number, rank: number, arg: string, who: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw invalid(arg, who, `an axis in [${-rank}, ${rank - 1}] for an input of rank ${rank}`, axis);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Shapes are equal where both are known. */
export function shapesCompatible(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** `[null, 28, 28, 1]` as text: `(None, 28, 28, 1)`, as Keras prints shapes. */
export function formatShape(shape: Shape): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** `MaxPooling2D` → `max_pooling2d`, as Keras names layers. */
export function snakeCase(name: string): string {
  // Keras' to_snake_case: Conv2D → conv2d, SimpleRNN → simple_rnn, Conv2DTranspose → conv2d_transpose.
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

const counters = new Map<string, number>();

/** `dense`, then `dense_1`, `dense_2`, ...: Keras' automatic layer names. */
export function uniqueName(prefix: string): string {
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}
