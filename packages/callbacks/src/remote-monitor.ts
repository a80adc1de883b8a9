import { ConfigError, describeValue } from '@dl/tensor';
import { Callback, type Logs } from './callback';

/**
 * Options of {@link RemoteMonitor}, with Keras' defaults.
 *
 * @example
 * ```ts
 * new RemoteMonitor({ root: 'http://127.0.0.1:9000', sendAsJson: true });
 * ```
 */
export interface RemoteMonitorOptions {
  /** The server's root URL. Default `'http://localhost:9000'`. */
  root?: string;
  /** The path the events go to. Default `'/publish/epoch/end/'`. */
  path?: string;
  /** Without `sendAsJson`: the form field that holds the JSON. Default `'data'`. */
  field?: string;
  /** Extra HTTP headers. */
  headers?: Record<string, string>;
  /** Send the JSON as the request body (`application/json`) instead of a form field. Default false. */
  sendAsJson?: boolean;
}

/**
 * Keras' `RemoteMonitor`: at each epoch end, POSTs `{ epoch, ...logs }` to
 * `root + path` with the global `fetch` (Node 18+ and browsers), either as a
 * JSON body (`sendAsJson`) or, as Keras' default, as a form field `data`
 * holding the JSON. A failed request warns and training goes on.
 *
 * @example
 * ```ts
 * const monitor = new RemoteMonitor({ root: 'http://127.0.0.1:9000', sendAsJson: true });
 * ```
 * @throws ConfigError when `root + path` is not a valid http(s) URL.
 */
export class RemoteMonitor extends Callback {
  override readonly name: string = 'RemoteMonitor';
  readonly url: string;
  private readonly field: string;
  private readonly headers: Record<string, string>;
  private readonly sendAsJson: boolean;

  constructor(options: RemoteMonitorOptions = {}) {
    super();
    const url = (options.root ?? 'http://localhost:9000') + (options.path ?? '/publish/epoch/end/');
    let ok: boolean;
    try {
      ok = /^https?:$/.test(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`Invalid \`root\` + \`path\` for RemoteMonitor: expected an http(s) URL, received ${describeValue(url)}.`);
    this.url = url;
    this.field = options.field ?? 'data';
    this.headers = { ...options.headers };
    this.sendAsJson = options.sendAsJson ?? false;
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const payload = JSON.stringify({ ...logs, epoch });
    const headers = { ...this.headers };
    let body: string;
    if (this.sendAsJson) {
      headers['content-type'] ??= 'application/json';
      body = payload;
    } else {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ [this.field]: payload }).toString();
    }
    try {
      const res = await fetch(this.url, { method: 'POST', headers, body });
      await res.arrayBuffer();
      if (!res.ok) console.warn(`RemoteMonitor: ${this.url} answered HTTP ${res.status}.`);
    } catch (e) {
      console.warn(`Could not reach RemoteMonitor root server at ${this.url}: ${(e as Error).message}`);
    }
  }
}
