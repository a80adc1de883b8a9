/**
 * Small matrix products on wasm without XNNPACK (simd/small-product.wat).
 *
 * tfjs-backend-wasm multiplies through an XNNPACK operator that packs the
 * right operand first, built again for every new right operand, which is
 * every training step for weights the optimizer has just replaced and for
 * transposed copies. A small Dense layer's products (boston_mlp: 16 × 64 ·
 * 64 × 64) took 12-20 µs each that way, mostly setup; these loops take a
 * few. Used for products of at most {@link SMALL_PRODUCT_MAX} multiply-adds,
 * one matrix (no batch), with no bias or a bias of one value per column,
 * and a linear or relu activation.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { byteOffset, instantiate, type SimdModule } from '../simd/simd';
import { SMALL_PRODUCT_WASM_HEX } from '../simd/small-product-wasm';
import { allocate, type BackendWasm } from './wasm-ops';

/** The module's exports: byte offsets into the backend's memory; bias 0 for none, relu 0 or 1. */
interface SmallProductKernels {
  productRows(a: number, b: number, c: number, m: number, k: number, n: number, aRow: number, aCol: number, bias: number, relu: number): void;
  productDots(a: number, bt: number, c: number, m: number, k: number, n: number, bias: number, relu: number): void;
}

const module: SimdModule<SmallProductKernels> = { hex: SMALL_PRODUCT_WASM_HEX, instances: new WeakMap() };

/**
 * Products up to this many multiply-adds go here. Measured on 2 cores with a
 * new right operand each time: 16×64·64×64 in 1-2 µs here against 16 µs
 * through XNNPACK, 512×16·16×16 in 26 µs against 34; at 64×64·64×64 the two
 * paths are even.
 */
export const SMALL_PRODUCT_MAX = 1 << 17;

/** Transposed right operands go here from this inner size up (or at 1). */
const DOTS_MIN_K = 32;

/** The last two dimensions of `t` when every leading one is 1, else null. */
function matrix(t: TensorInfo): [number, number] | null {
  const r = t.shape.length;
  if (r < 2 || t.shape.slice(0, -2).some((d) => d !== 1)) return null;
  return [t.shape[r - 2]!, t.shape[r - 1]!];
}

/**
 * `activation(op(a)·op(b) + bias)` for a small product (see the module
 * comment), or null when it does not qualify (too big, batched, both
 * operands transposed, another activation, a bias of another shape, no wasm
 * SIMD): the caller then takes its usual path.
 */
export function smallProduct(
  backend: BackendWasm, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean,
  bias: TensorInfo | undefined, activation: string,
): TensorInfo | null {
  if (transposeA && transposeB) return null;
  if (activation !== 'linear' && activation !== 'relu') return null;
  const ma = matrix(a);
  const mb = matrix(b);
  if (ma === null || mb === null) return null;
  const [m, k] = transposeA ? [ma[1], ma[0]] : ma;
  const [kb, n] = transposeB ? [mb[1], mb[0]] : mb;
  if (k !== kb || m * k * n > SMALL_PRODUCT_MAX || m * n === 0) return null;
  // Short dot products cost more in their final lane sums than XNNPACK's setup saves.
  if (transposeB && k > 1 && k < DOTS_MIN_K) return null;
  if (bias !== undefined && (bias.dtype !== 'float32' || bias.shape.reduce((x, y) => x * y, 1) !== n || bias.shape.slice(0, -1).some((d) => d !== 1))) return null;
  const kernels = instantiate(backend, module);
  if (kernels === null) return null;
  const rank = Math.max(a.shape.length, b.shape.length);
  const c = allocate(backend, [...Array<number>(rank - 2).fill(1), m, n]);
  const at = (t: TensorInfo) => byteOffset(backend, t);
  const biasAt = bias === undefined ? 0 : at(bias);
  const relu = activation === 'relu' ? 1 : 0;
  if ((transposeB && k > 1) || (n === 1 && !transposeA)) {
    // A·Btᵀ as dot products of rows (a k × 1 right operand is its own transpose).
    kernels.productDots(at(a), at(b), at(c), m, k, n, biasAt, relu);
  } else {
    // (With transposeB, k is 1: an n × 1 right operand is its own transpose, 1 × n.)
    kernels.productRows(at(a), at(b), at(c), m, k, n, transposeA ? 1 : k, transposeA ? m : 1, biasAt, relu);
  }
  return c;
}
