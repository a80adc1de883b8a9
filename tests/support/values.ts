/**
 * Deterministic test inputs in [-1, 1): a 32-bit LCG (not dl's seeded
 * stream), so every run, backend and test file sees the same numbers. Shared
 * by the conformance cases and the kernel and op tests of the packages.
 */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
