// RemoteMonitor against a real HTTP server on 127.0.0.1.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '@dl/tensor';
import { CallbackList, RemoteMonitor } from '@dl/callbacks';

const received: { url: string; type: string; body: string; auth: string }[] = [];
const server = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (d: Buffer) => { body += d.toString(); });
  req.on('end', () => {
    received.push({ url: `${req.method} ${req.url}`, type: String(req.headers['content-type']), body, auth: String(req.headers['x-token']) });
    res.statusCode = req.url === '/fail' ? 500 : 200;
    res.end('ok');
  });
});
let root = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('RemoteMonitor', () => {
  it('POSTs { epoch, ...logs } as Keras\' form field `data`, or as a JSON body, with the headers given', async () => {
    received.length = 0;
    const form = new CallbackList([new RemoteMonitor({ root, headers: { 'x-token': 't1' } })]);
    await form.onEpochEnd(0, { loss: 0.5 });
    const json = new CallbackList([new RemoteMonitor({ root, path: '/events', sendAsJson: true })]);
    await json.onEpochEnd(3, { loss: 0.25, val_loss: 0.5 });
    expect(received[0]!.url).toBe('POST /publish/epoch/end/');
    expect(received[0]!.type).toBe('application/x-www-form-urlencoded');
    expect(received[0]!.auth).toBe('t1');
    expect(JSON.parse(new URLSearchParams(received[0]!.body).get('data')!)).toEqual({ loss: 0.5, epoch: 0 });
    expect(received[1]!.url).toBe('POST /events');
    expect(received[1]!.type).toBe('application/json');
    expect(JSON.parse(received[1]!.body)).toEqual({ loss: 0.25, val_loss: 0.5, epoch: 3 });
  });

  it('warns and goes on when the server answers an error or cannot be reached', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await new RemoteMonitor({ root, path: '/fail' }).onEpochEnd(0, { loss: 1 });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await new RemoteMonitor({ root: `http://127.0.0.1:${port}` }).onEpochEnd(0, { loss: 1 });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/answered HTTP 500/),
      expect.stringMatching(/^Could not reach RemoteMonitor root server at http:\/\/127\.0\.0\.1:\d+\/publish\/epoch\/end\//),
    ]);
    warn.mockRestore();
    expect(() => new RemoteMonitor({ root: 'ftp://x' })).toThrow(ConfigError);
  });
});
