import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, describeValue } from '@dl/tensor';
import { Callback, type Logs } from '../callback';
import { writeFileAtomic } from '@dl/io/node';

/**
 * Options of {@link CSVLogger}, with Keras' defaults.
 *
 * @example
 * ```ts
 * new CSVLogger({ filename: 'training.csv', separator: ';', append: true });
 * ```
 */
export interface CSVLoggerOptions {
  /** The CSV file. */
  filename: string;
  /** The column separator. Default `','`. */
  separator?: string;
  /** Append to an existing file instead of overwriting it. Default false. */
  append?: boolean;
}

/**
 * Keras' `CSVLogger`: one row per epoch, `epoch` then the log keys in sorted
 * order (taken from the first epoch, or from the header of the file appended
 * to).
 *
 * A clean resume: when BackupAndRestore resumes a run (it sets
 * `model.resumeFrom` before this callback's `onTrainBegin`), the file keeps
 * its header and the rows of the epochs before the resumed one, and drops
 * later rows and any half-written last line, so the finished file has each
 * epoch exactly once, as an uninterrupted run's. Node only:
 * `@dl/callbacks/node`.
 *
 * @example
 * ```ts
 * import { CSVLogger } from '@dl/callbacks/node';
 * const log = new CSVLogger({ filename: 'run/log.csv' });
 * ```
 * @throws ConfigError when `filename` or `separator` is not a non-empty string.
 */
export class CSVLogger extends Callback {
  override readonly name: string = 'CSVLogger';
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;

  constructor(options: CSVLoggerOptions) {
    super();
    if (typeof options?.filename !== 'string' || options.filename.length === 0) {
      throw new ConfigError(`Invalid \`filename\` for CSVLogger: expected a non-empty path, received ${describeValue(options?.filename)}.`);
    }
    const sep = options.separator ?? ',';
    if (typeof sep !== 'string' || sep.length === 0) {
      throw new ConfigError(`Invalid \`separator\` for CSVLogger: expected a non-empty string, received ${describeValue(sep)}.`);
    }
    this.filename = options.filename;
    this.separator = sep;
    this.append = options.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.keys = null;
    await mkdir(path.dirname(path.resolve(this.filename)), { recursive: true });
    const resume = this.model?.resumeFrom;
    if (resume === undefined && !this.append) {
      await writeFileAtomic(this.filename, '');
      return;
    }
    let text = '';
    try {
      text = await readFile(this.filename, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const lines = text.split('\n');
    lines.pop(); // the text after the last newline: empty, or a half-written row
    if (lines.length === 0) {
      await writeFileAtomic(this.filename, '');
      return;
    }
    this.keys = lines[0]!.split(this.separator).slice(1);
    let rows = lines.slice(1);
    if (resume !== undefined) rows = rows.filter((r) => Number(r.split(this.separator)[0]) < resume.epoch);
    await writeFileAtomic(this.filename, [lines[0]!, ...rows].map((l) => `${l}\n`).join(''));
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    let head = '';
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      head = `${['epoch', ...this.keys].join(this.separator)}\n`;
    }
    const row = [String(epoch), ...this.keys.map((k) => (k in logs ? String(logs[k]) : 'NA'))].join(this.separator);
    await appendFile(this.filename, `${head}${row}\n`);
  }
}
