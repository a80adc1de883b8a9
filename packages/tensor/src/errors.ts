/**
 * The typed errors of dl. Every error a dl package throws on purpose is a
 * `DLError` with a stable `code`, and its message follows one template: what is
 * wrong, what was expected, what was received, and a fix when there is one.
 *
 * @example
 * ```ts
 * import { ShapeError, DLError } from '@dl/tensor';
 * try {
 *   throw new ShapeError('Invalid `x` for matMul: expected rank 2, received rank 3.');
 * } catch (e) {
 *   if (e instanceof DLError) console.log(e.code); // "shape"
 * }
 * ```
 */
export class DLError extends Error {
  /** A stable, machine-readable code; messages may change, codes do not. */
  readonly code: string;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'dl';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * A tensor or layer received a shape, rank or size it cannot work with.
 *
 * @example
 * ```ts
 * throw new ShapeError('Invalid `inputShape` for Dense "dense_1": expected rank >= 2, received [3].');
 * ```
 */
export class ShapeError extends DLError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'shape' });
  }
}

/**
 * An argument or configuration value is invalid (wrong type, out of range,
 * unknown name).
 *
 * @example
 * ```ts
 * throw new ConfigError('Invalid `units` for Dense "dense_1": expected a positive integer, received 0.');
 * ```
 */
export class ConfigError extends DLError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'config' });
  }
}

/**
 * Bytes or JSON read from a file, a URL or storage are not in the expected
 * format (bad header, wrong length, unknown version, hash mismatch).
 *
 * @example
 * ```ts
 * throw new FormatError('Invalid safetensors header: expected a JSON object, received 12 bytes of binary.');
 * ```
 */
export class FormatError extends DLError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'format' });
  }
}

/** The codes a {@link BackendError} carries. */
export type BackendErrorCode =
  | 'backend-unknown'
  | 'backend-not-installed'
  | 'backend-init-failed'
  | 'backend-unsupported-op';

/**
 * A backend is unknown, not installed, failed to start, or cannot run an op.
 * The message names the package to add or what failed.
 *
 * @example
 * ```ts
 * import { setBackend, BackendError } from '@dl/tensor';
 * try { await setBackend('webgl'); } catch (e) {
 *   if (e instanceof BackendError) console.log(e.code); // "backend-not-installed"
 * }
 * ```
 */
export class BackendError extends DLError {
  declare readonly code: BackendErrorCode;
  constructor(message: string, options: { code: BackendErrorCode; cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A function left tensors allocated that it should have disposed
 * (thrown by {@link assertNoLeaks}).
 *
 * @example
 * ```ts
 * import { assertNoLeaks, ones } from '@dl/tensor';
 * await assertNoLeaks(() => { ones([2]); }); // throws MemoryLeakError: 1 tensor left behind
 * ```
 */
export class MemoryLeakError extends DLError {
  /** How many tensors were left behind. */
  readonly leaked: number;
  constructor(message: string, leaked: number) {
    super(message, { code: 'memory-leak' });
    this.leaked = leaked;
  }
}

/**
 * Formats a value for an error message: short, and the same everywhere
 * (`[2,3]`, `"relu"`, `undefined`, `Tensor float32 [2,3]`).
 *
 * @example
 * ```ts
 * describeValue([2, 3]); // "[2,3]"
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (Array.isArray(value)) {
    const inner = value.length > 8
      ? `${value.slice(0, 8).map(describeValue).join(',')},... (${value.length} items)`
      : value.map(describeValue).join(',');
    return `[${inner}]`;
  }
  const maybeTensor = value as { shape?: unknown; dtype?: unknown; rank?: unknown };
  if (Array.isArray(maybeTensor.shape) && typeof maybeTensor.dtype === 'string') {
    return `Tensor ${maybeTensor.dtype} [${(maybeTensor.shape as number[]).join(',')}]`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as { length: number }).length})`;
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
