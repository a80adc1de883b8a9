/**
 * Fused kernels: one kernel call for math that is otherwise several ops,
 * registered by the backends that have a faster way to do it. Callers
 * (optimizers) ask for one with {@link runFusedKernel} and compose the same
 * math from ops when the current backend has none, so every backend computes
 * the same thing and no backend has to implement them.
 *
 * The contracts (float32 inputs and outputs; every step rounded to float32
 * as the composed ops round it, in their order):
 *
 * - `DlRMSprop` — inputs `variable`, `velocity`, `gradient` and, with
 *   momentum, `momentum`; attrs `learningRate`, `rho`, `epsilon`,
 *   `momentum` (0: none). Non-centered RMSprop:
 *   `s' = s·rho + g²·(1−rho)`, `step = g·lr / √(s' + ε)`, then
 *   `v' = v − step` or, with momentum, `p' = p·momentum + step`,
 *   `v' = v − p'`. Outputs `[v', s']` or `[v', s', p']`.
 * - `DlAdam` — inputs `variable`, `m`, `v`, `gradient` and, with amsgrad,
 *   `vHat`; attrs `alpha` (the bias-corrected learning rate), `beta1`,
 *   `beta2`, `epsilon`. `m' = m + (g − m)·(1−β₁)`,
 *   `v' = v + (g² − v)·(1−β₂)`, `ŝ = max(vHat, v')` with amsgrad else `v'`,
 *   `w' = w − m'·alpha / (√ŝ + ε)`. Outputs `[w', m', v']` or
 *   `[w', m', v', vHat']`.
 * - Both optimizer updates take several variables in one call with the attr
 *   `count` (k variables): the inputs of the i-th are the names above
 *   suffixed by i (`variable0`, `velocity0`, `gradient0`, `variable1`, …)
 *   and the outputs are each variable's outputs in turn. Variables may
 *   differ in shape.
 * - `DlDenseGrad` — the backward pass of `denseForward`: inputs `dy`
 *   `[batch, out]`, `x` `[batch, in]`, for `relu` and `sigmoid` the
 *   output `y`, and, when the input's gradient is wanted, the `kernel`
 *   `[in, out]`; attrs `activation` (`linear`, `relu`, `sigmoid`) and `bias`
 *   (whether to return the bias gradient). `dz = dy·step(y)` (relu),
 *   `dy·(y·(1 − y))` (sigmoid) or `dy`; outputs `[dz, xᵀ·dz]`, then the
 *   column sums of `dz` with `bias`, then `dz·kernelᵀ` with `kernel`.
 */
import { engine, getBackend, getKernel, type NamedAttrMap, type NamedTensorMap, type Tensor } from '@tensorflow/tfjs-core';

/** Names of the fused kernels dl's packages ask for (see the module comment for each contract). */
export const fusedKernelNames = { rmsprop: 'DlRMSprop', adam: 'DlAdam', denseGrad: 'DlDenseGrad' } as const;

/**
 * Runs the fused kernel `name` on the current backend when that backend
 * registers it, and returns its outputs; returns null when it does not, so
 * the caller composes the same math from ops. No gradient is recorded for
 * fused kernels: use them for updates, not inside a function being
 * differentiated.
 *
 * @example
 * ```ts
 * const out = runFusedKernel('DlRMSprop', { variable: w, velocity: s, gradient: g },
 *   { learningRate: 0.001, rho: 0.9, epsilon: 1e-7, momentum: 0 });
 * if (out === null) {
 *   // compose the same update from ops
 * }
 * ```
 */
export function runFusedKernel(name: string, inputs: NamedTensorMap, attrs: Record<string, number | boolean | string>): Tensor[] | null {
  if (getKernel(name, getBackend()) === undefined) return null;
  const out = engine().runKernel(name, inputs, attrs as unknown as NamedAttrMap) as Tensor | Tensor[];
  return Array.isArray(out) ? out : [out];
}
