import { ConfigError, describeValue } from '@dl/tensor';
import { Callback, type Logs } from './callback';

/**
 * Options of {@link ProgbarLogger}.
 *
 * @example
 * ```ts
 * new ProgbarLogger({ verbose: 2, write: (s) => lines.push(s) });
 * ```
 */
export interface ProgbarLoggerOptions {
  /** 1: a progress bar redrawn in place (a terminal); 2: one line per epoch. Default 1. */
  verbose?: 1 | 2;
  /** The least time between two redraws, in milliseconds (Keras' `interval`, 0.05 s). Default 50. */
  intervalMs?: number;
  /** The bar's width in characters. Default 20. */
  width?: number;
  /** Where text goes. Default: `process.stdout.write` in Node, else lines to `console.log`. */
  write?: (text: string) => void;
  /** Whether `write` is a terminal (redraw with `\r`). Default: `process.stdout.isTTY`. */
  isTTY?: boolean;
  /** The clock, in milliseconds. Default `performance.now`. */
  now?: () => number;
}

function defaultWrite(): { write: (s: string) => void; tty: boolean } {
  const out = (globalThis as { process?: { stdout?: { write?: (s: string) => unknown; isTTY?: boolean } } }).process?.stdout;
  if (out?.write !== undefined) return { write: (s) => void out.write!(s), tty: out.isTTY === true };
  let line = '';
  return {
    write: (s) => {
      line += s;
      const parts = line.split('\n');
      line = parts.pop()!;
      for (const p of parts) console.log(p);
    },
    tty: false,
  };
}

function formatDuration(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  return `${Math.round(seconds)}s`;
}

function formatValue(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(4);
}

/**
 * Keras' `ProgbarLogger`: a terminal progress bar with the batch count, an
 * ETA and the running metrics, throttled.
 *
 * It asks for batch logs (`wantsBatchLogs`) only when `intervalMs` has passed
 * since its last redraw, or for the epoch's last batch, so a fast loop reads
 * from the device rarely. With `verbose: 2` (or when the output is not a
 * terminal) it writes one line per epoch and asks for no batch logs at all.
 * The epoch line shows the epoch's time, the time per step and every log.
 *
 * @example
 * ```ts
 * // Epoch 1/10
 * // 12/32 [=======>............] - ETA: 1s - loss: 0.5123
 * new ProgbarLogger();
 * ```
 * @throws ConfigError when `intervalMs` or `width` is invalid.
 */
export class ProgbarLogger extends Callback {
  override readonly name: string = 'ProgbarLogger';
  private readonly verbose: 1 | 2;
  private readonly intervalMs: number;
  private readonly width: number;
  private readonly out: (s: string) => void;
  private readonly tty: boolean;
  private readonly now: () => number;
  private epochStart = 0;
  private lastDraw = -Infinity;

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    const def = options.write === undefined ? defaultWrite() : undefined;
    this.out = options.write ?? def!.write;
    this.tty = options.isTTY ?? def?.tty ?? false;
    this.verbose = options.verbose ?? 1;
    if (this.verbose !== 1 && this.verbose !== 2) {
      throw new ConfigError(`Invalid \`verbose\` for ProgbarLogger: expected 1 or 2, received ${describeValue(this.verbose)}.`);
    }
    this.intervalMs = options.intervalMs ?? 50;
    if (!Number.isFinite(this.intervalMs) || this.intervalMs < 0) {
      throw new ConfigError(`Invalid \`intervalMs\` for ProgbarLogger: expected a number >= 0, received ${describeValue(options.intervalMs)}.`);
    }
    this.width = options.width ?? 20;
    if (!Number.isSafeInteger(this.width) || this.width < 1) {
      throw new ConfigError(`Invalid \`width\` for ProgbarLogger: expected a positive integer, received ${describeValue(options.width)}.`);
    }
    this.now = options.now ?? (() => performance.now());
  }

  private get drawsBar(): boolean {
    return this.verbose === 1 && this.tty;
  }

  override wantsBatchLogs(batch: number): boolean {
    if (!this.drawsBar) return false;
    const steps = this.params.steps;
    if (steps !== null && batch === steps - 1) return true;
    return this.now() - this.lastDraw >= this.intervalMs;
  }

  override onEpochBegin(epoch: number): void {
    this.epochStart = this.now();
    this.lastDraw = this.epochStart;
    this.out(`Epoch ${epoch + 1}/${this.params.epochs}\n`);
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    if (logs === undefined || !this.drawsBar) return;
    const t = this.now();
    this.lastDraw = t;
    const done = batch + 1;
    const steps = this.params.steps;
    let text: string;
    if (steps !== null) {
      const filled = Math.min(this.width, Math.floor((done / steps) * this.width));
      const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? (done >= steps ? '=' : '>') : '') + '.'.repeat(this.width - filled);
      const eta = ((t - this.epochStart) / 1000 / done) * (steps - done);
      text = `${String(done).padStart(String(steps).length)}/${steps} [${bar}] - ETA: ${formatDuration(eta)}`;
    } else {
      text = `${done}/Unknown - ${formatDuration((t - this.epochStart) / 1000)}`;
    }
    this.out(`\r${text}${this.formatLogs(logs)}`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    const seconds = (this.now() - this.epochStart) / 1000;
    const steps = this.params.steps;
    const perStep = steps !== null && steps > 0 ? ` ${Math.round((seconds * 1000) / steps)}ms/step` : '';
    const count = steps !== null ? `${steps}/${steps} - ` : '';
    this.out(`${this.drawsBar ? '\r' : ''}${count}${formatDuration(seconds)}${perStep}${this.formatLogs(logs)}\n`);
  }

  private formatLogs(logs: Logs): string {
    return Object.entries(logs).map(([k, v]) => ` - ${k}: ${formatValue(v)}`).join('');
  }
}
