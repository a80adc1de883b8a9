import { ConfigError, describeValue } from '@dl/tensor';
import type { Logs } from './callback';

/** How a monitored value improves: `'min'` (a loss), `'max'` (an accuracy), or `'auto'` (from the name). */
export type MonitorMode = 'auto' | 'min' | 'max';

/** Metric names (after any `val_` prefix) that improve upward, for mode `'auto'`. */
const UP = /acc|auc|precision|recall|f1|fbeta|r2|iou/;

/**
 * The direction of `monitor` for mode `mode`: Keras' rule (`'auto'` is `'max'`
 * for accuracies, AUC, precision, recall, F-scores and R2, `'min'` otherwise).
 */
export function resolveMode(mode: MonitorMode, monitor: string, cls: string): 'min' | 'max' {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
    throw new ConfigError(`Invalid \`mode\` for ${cls}: expected "auto", "min" or "max", received ${describeValue(mode)}.`);
  }
  if (mode !== 'auto') return mode;
  const name = monitor.startsWith('val_') ? monitor.slice(4) : monitor;
  return UP.test(name) ? 'max' : 'min';
}

/**
 * Keras' `_is_improvement`: whether `current` beats `reference` by more than
 * `minDelta` (a margin >= 0: `current + minDelta < reference` in mode min) in direction `dir`. No reference: any
 * finite value improves. NaN never improves (Keras would make NaN the best).
 */
export function isImprovement(current: number, reference: number | null, dir: 'min' | 'max', minDelta: number): boolean {
  if (Number.isNaN(current)) return false;
  if (reference === null) return true;
  return dir === 'min' ? current + minDelta < reference : current - minDelta > reference;
}

/** Checks a non-negative finite number argument. */
export function checkNonNegative(value: number, arg: string, cls: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`Invalid \`${arg}\` for ${cls}: expected a finite number >= 0, received ${describeValue(value)}.`);
  }
  return value;
}

/** Checks a non-negative integer argument. */
export function checkCount(value: number, arg: string, cls: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(`Invalid \`${arg}\` for ${cls}: expected an integer >= 0, received ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Reads `logs[monitor]`; when it is missing, warns once per `warned` holder
 * with the keys that are available (Keras' warning) and returns undefined.
 */
export function monitorValue(
  logs: Logs | undefined, monitor: string, what: string, state: { warned: boolean },
): number | undefined {
  const v = logs?.[monitor];
  if (typeof v === 'number') return v;
  if (!state.warned) {
    state.warned = true;
    const keys = Object.keys(logs ?? {});
    console.warn(`${what} is conditioned on metric \`${monitor}\` which is not available. Available metrics are: ${keys.length ? keys.join(',') : '(none)'}.`);
  }
  return undefined;
}
