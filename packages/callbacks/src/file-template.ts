import { ConfigError, describeValue } from '@dl/tensor';

interface Field {
  key: string;
  zero: boolean;
  width: number;
  precision: number | null;
  type: string;
}

type Part = string | Field;

const FIELD = /^([A-Za-z_][A-Za-z0-9_]*)(?::(0?)(\d*)(?:\.(\d+))?([dfeEgs%]?))?$/;

/**
 * A file name template with Python-style fields, as Keras' ModelCheckpoint
 * takes: `{epoch}`, `{epoch:02d}`, `{batch}`, any log key with a format such
 * as `{val_loss:.4f}` (types `d`, `f`, `e`, `g`, `s`, `%`; a width, zero
 * padding, a precision). `{{` and `}}` are literal braces.
 */
export class FileTemplate {
  readonly keys: readonly string[];
  private readonly parts: readonly Part[];

  constructor(readonly template: string, private readonly cls: string) {
    if (typeof template !== 'string' || template.length === 0) {
      throw new ConfigError(`Invalid \`filepath\` for ${cls}: expected a non-empty string, received ${describeValue(template)}.`);
    }
    const parts: Part[] = [];
    let text = '';
    for (let i = 0; i < template.length; i++) {
      const c = template[i]!;
      if ((c === '{' || c === '}') && template[i + 1] === c) {
        text += c;
        i++;
      } else if (c === '{') {
        const end = template.indexOf('}', i);
        const m = end < 0 ? null : FIELD.exec(template.slice(i + 1, end));
        if (m === null) {
          throw new ConfigError(
            `Invalid \`filepath\` for ${cls}: expected fields like {epoch:02d} or {val_loss:.4f}, received "${template}" (field at position ${i}).`,
          );
        }
        if (text) parts.push(text);
        text = '';
        parts.push({ key: m[1]!, zero: m[2] === '0', width: m[3] ? Number(m[3]) : 0, precision: m[4] ? Number(m[4]) : null, type: m[5] ?? '' });
        i = end;
      } else if (c === '}') {
        throw new ConfigError(`Invalid \`filepath\` for ${cls}: a single "}" at position ${i} of "${template}"; write "}}" for a literal brace.`);
      } else {
        text += c;
      }
    }
    if (text) parts.push(text);
    this.parts = parts;
    this.keys = [...new Set(parts.filter((p): p is Field => typeof p !== 'string').map((p) => p.key))];
  }

  /** Throws when a field names a key not in `available`. */
  check(available: readonly string[]): void {
    const unknown = this.keys.filter((k) => !available.includes(k));
    if (unknown.length > 0) {
      throw new ConfigError(
        `Invalid \`filepath\` for ${this.cls}: the template "${this.template}" names ${unknown.map((k) => `{${k}}`).join(', ')}, which the logs will not hold; available keys are: ${available.join(', ')}.`,
      );
    }
  }

  /** The file name for `values` (every field's key must be there). */
  format(values: Record<string, number>): string {
    this.check(Object.keys(values));
    return this.parts.map((p) => (typeof p === 'string' ? p : formatField(p, values[p.key]!))).join('');
  }
}

function formatField(f: Field, v: number): string {
  let s: string;
  switch (f.type) {
    case 'd': s = String(Math.trunc(v)); break;
    case 'f': s = v.toFixed(f.precision ?? 6); break;
    case 'e': case 'E': {
      const [m, e] = v.toExponential(f.precision ?? 6).split('e');
      const exp = Number(e);
      s = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
      if (f.type === 'E') s = s.toUpperCase();
      break;
    }
    case 'g': s = String(Number(v.toPrecision(f.precision ?? 6))); break;
    case '%': s = `${(v * 100).toFixed(f.precision ?? 6)}%`; break;
    default: s = f.precision === null ? String(v) : String(Number(v.toPrecision(f.precision)));
  }
  if (s.length < f.width) {
    const neg = s.startsWith('-');
    s = f.zero ? (neg ? '-' : '') + (neg ? s.slice(1) : s).padStart(f.width - (neg ? 1 : 0), '0') : s.padStart(f.width, ' ');
  }
  return s;
}
