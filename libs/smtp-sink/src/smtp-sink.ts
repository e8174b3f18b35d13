import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { parseMail } from './mime';

/** One message as the sink received it; `to` are the envelope recipients. */
export interface SinkMessage {
  id: string;
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

export interface SmtpSinkOptions {
  /** 0 picks a free port (see `RunningSmtpSink.smtpPort`). */
  smtpPort: number;
  httpPort: number;
  host?: string;
  /** Older messages are dropped beyond this many. */
  maxMessages?: number;
  maxMessageBytes?: number;
}

export interface RunningSmtpSink {
  smtpPort: number;
  httpPort: number;
  /** `smtp://host:port`, what a sender's SMTP_URL should be. */
  smtpUrl: string;
  /** Base URL of the HTTP API (`GET /messages?to=`, `DELETE /messages`, `POST /faults`). */
  httpUrl: string;
  /** Newest first; only those addressed to `to` (case-insensitive) when given. */
  messages(to?: string): SinkMessage[];
  clear(): void;
  /** Refuses the next `count` messages with a temporary SMTP failure (451), so senders can be tested against an outage. */
  failNext(count: number): void;
  stop(): Promise<void>;
}

const temporaryFailure = () => Object.assign(new Error('sink: temporary failure injected by the test'), { responseCode: 451 });

/**
 * A local mail catcher for development and tests: accepts any mail over plain SMTP (no auth, no TLS),
 * keeps the latest messages in memory and lists them over HTTP as JSON.
 */
export async function startSmtpSink(options: SmtpSinkOptions): Promise<RunningSmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const maxMessages = options.maxMessages ?? 1_000;
  const maxMessageBytes = options.maxMessageBytes ?? 1_048_576;
  let stored: SinkMessage[] = [];
  let failures = 0;

  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (err: Error) => callback(err));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        callback(Object.assign(new Error('message exceeds the sink size limit'), { responseCode: 552 }));
        return;
      }
      const parsed = parseMail(Buffer.concat(chunks).toString('utf8'));
      const from = session.envelope.mailFrom;
      stored.unshift({
        id: randomUUID(),
        from: from ? from.address : null,
        to: session.envelope.rcptTo.map((r) => r.address),
        subject: parsed.subject,
        text: parsed.text,
        receivedAt: new Date().toISOString(),
      });
      if (stored.length > maxMessages) stored.length = maxMessages;
      callback();
    });
  };

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'ekyc smtp-sink',
    size: maxMessageBytes,
    closeTimeout: 2_000,
    onMailFrom(_address, _session, callback) {
      if (failures > 0) {
        failures -= 1;
        callback(temporaryFailure());
        return;
      }
      callback();
    },
    onData,
  });

  const messages = (to?: string): SinkMessage[] => {
    const wanted = to?.trim().toLowerCase();
    return wanted ? stored.filter((m) => m.to.some((address) => address.toLowerCase() === wanted)) : [...stored];
  };

  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sink');
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (url.pathname === '/messages' && req.method === 'GET') return send(200, messages(url.searchParams.get('to') ?? undefined));
    if (url.pathname === '/messages' && req.method === 'DELETE') {
      stored = [];
      return send(204);
    }
    if (url.pathname === '/faults' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const count = Number((JSON.parse(body || '{}') as { failNext?: unknown }).failNext);
        if (!Number.isInteger(count) || count < 0) return send(400, { error: 'failNext must be a non-negative integer' });
        failures = count;
        return send(204);
      });
      return;
    }
    if (url.pathname === '/healthz' && req.method === 'GET') return send(200, { status: 'ok', messages: stored.length });
    return send(404, { error: 'not found' });
  });

  const listen = (
    server: { listen(port: number, host: string, cb: () => void): unknown; once(event: 'error', cb: (err: Error) => void): unknown },
    port: number,
  ) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });

  await listen(smtp.server, options.smtpPort);
  try {
    await listen(api, options.httpPort);
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw err;
  }
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (api.address() as AddressInfo).port;

  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: `http://${host}:${httpPort}`,
    messages,
    clear: () => {
      stored = [];
    },
    failNext: (count) => {
      failures = count;
    },
    async stop() {
      api.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => api.close(() => resolve())), new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}
