// Test helper (not exported): a real HTTP server on 127.0.0.1 that serves fixture bytes
// in the ways downloads go wrong. Routes: /good/NAME (Range + ETag), /drop/NAME (drops the
// connection half-way through the first response, then honours Range), /norange/NAME
// (drops half-way, ignores Range), /wrong/NAME (other bytes), /slow/NAME (drips 8 KiB
// every 20 ms), /status/CODE, /loop (redirects to itself), /redirect/NAME (to /good/NAME).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  /** Every request: method, path, Range header. */
  requests: { path: string; range: string | undefined; ifRange: string | undefined }[];
  close(): Promise<void>;
}

export async function startServer(files: Record<string, Uint8Array>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const dropped = new Set<string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const range = req.headers.range;
    const ifRange = typeof req.headers['if-range'] === 'string' ? req.headers['if-range'] : undefined;
    requests.push({ path: url.pathname, range, ifRange });
    const [, mode, name = '', extra] = url.pathname.split('/');
    if (mode === 'status') {
      res.writeHead(Number(name)).end('no');
      return;
    }
    if (mode === 'loop') {
      res.writeHead(302, { location: '/loop' }).end();
      return;
    }
    if (mode === 'redirect') {
      res.writeHead(301, { location: `/good/${name}` }).end();
      return;
    }
    const body = files[name];
    if (body === undefined || extra !== undefined) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${name}-${body.length}"`;
    const data = mode === 'wrong' ? body.map((b) => b ^ 0x5a) : body;
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(range ?? '');
    if (m !== null && mode !== 'norange' && (ifRange === undefined || ifRange === etag)) start = Number(m[1]);
    const headers: http.OutgoingHttpHeaders = { etag, 'content-length': data.length - start, 'accept-ranges': 'bytes' };
    if (start > 0) headers['content-range'] = `bytes ${start}-${data.length - 1}/${data.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    const key = `${mode}/${name}`;
    if ((mode === 'drop' || mode === 'norange') && !dropped.has(key)) {
      dropped.add(key);
      res.write(data.subarray(start, Math.floor(data.length / 2)), () => res.destroy());
      return;
    }
    if (mode === 'slow') {
      let p = start;
      const tick = () => {
        if (res.destroyed) return;
        if (p >= data.length) {
          res.end();
          return;
        }
        res.write(data.subarray(p, p + 8192));
        p += 8192;
        setTimeout(tick, 20);
      };
      tick();
      return;
    }
    res.end(data.subarray(start));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
