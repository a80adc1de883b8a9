import * as dl from '@dl/tensor';
import { ConfigError, describeValue } from '@dl/tensor';

/**
 * The seed source of a random layer, as Keras 3's `SeedGenerator`: with a
 * `seed`, the layer's draws are a fixed sequence (the same after every
 * construction, a new mask at each call); without one they come from
 * `setSeed`'s global stream.
 */
export class LayerSeed {
  private calls = 0;
  constructor(readonly seed: number | null) {}

  /** The seed for the next draw. */
  next(): number {
    if (this.seed === null) return dl.nextSeed();
    // Distinct, repeatable seeds per call: the layer seed mixed with a call counter.
    return (Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(this.calls++, 0xc2b2ae35)) >>> 0;
  }
}

/** An integer seed or null/undefined, checked. */
export function seedArg(value: unknown, who: string): number | null {
  if (value == null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigError(`Invalid \`seed\` for ${who}: expected a non-negative integer, received ${describeValue(value)}.`);
  }
  return value;
}
