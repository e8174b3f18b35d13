import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '@ekyc/logger';
import { hardenHttpServer, jsonFallbacks } from './http-shell';

const lines: string[] = [];
const log = createLogger({ service: 'http-shell-test', destination: { write: (line: string) => void lines.push(line) } });

let server: http.Server;
let port: number;

beforeAll(async () => {
  const app = express();
  app.get('/items/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.get('/boom', () => {
    throw new Error('database said: value "01712345678" is not allowed');
  });
  app.post('/echo', express.json(), (req, res) => {
    res.json(req.body);
  });
  jsonFallbacks(app, log);
  server = http.createServer({ connectionsCheckingInterval: 50 }, app);
  hardenHttpServer(server, { requestTimeoutMs: 400, headersTimeoutMs: 400, keepAliveTimeoutMs: 1_000 });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Writes raw bytes and reads the raw answer until the server closes the connection. */
function raw(write: (socket: net.Socket) => void): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => write(socket));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
    });
  });
}

describe('hardenHttpServer and jsonFallbacks', () => {
  it('answers an unknown route with a JSON 404', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/nowhere`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ message: 'no route for GET /nowhere', extensions: { code: 'NOT_FOUND' } }] });
  });

  it('answers a path that does not decode with a JSON 400, and a good one normally', async () => {
    const bad = await fetch(`http://127.0.0.1:${port}/items/%ED%A0%80abc`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('INVALID_PATH_ENCODING');
    expect(await (await fetch(`http://127.0.0.1:${port}/items/%E0%A6%95`)).json()).toEqual({ id: 'ক' });
  });

  it('answers a failure with a JSON 500 that says nothing of it, and logs it without the value', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(lines.join('')).toContain('request failed');
    expect(lines.join('')).not.toContain('01712345678');
  });

  it('answers headers that are too large with a JSON 431', async () => {
    const res = await raw((s) => s.write(`GET /items/1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.headers).toContain('content-type: application/json');
    expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'the request headers are too large', extensions: { code: 'HEADERS_TOO_LARGE' } }] });
  });

  it('answers malformed HTTP with a JSON 400', async () => {
    const res = await raw((s) => s.write('NOT HTTP AT ALL\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('closes a request whose body does not arrive in time with a JSON 408', async () => {
    const res = await raw((s) => s.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":'));
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('REQUEST_TIMEOUT');
  });
});
