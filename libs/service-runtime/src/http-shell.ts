import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type express from 'express';
import type { Logger } from '@ekyc/logger';

export interface HttpTimeouts {
  /** The whole request, headers and body, must arrive within this (a slow body no longer holds a connection for minutes). */
  requestTimeoutMs: number;
  /** The headers must arrive within this. */
  headersTimeoutMs: number;
  /** A kept-alive connection with no request is closed after this. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { requestTimeoutMs: 60_000, headersTimeoutMs: 15_000, keepAliveTimeoutMs: 65_000 };

const REASONS: Record<string, { status: number; statusText: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, statusText: 'Request Header Fields Too Large', code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, statusText: 'Request Timeout', code: 'REQUEST_TIMEOUT', message: 'the request did not arrive in time' },
};
const MALFORMED = { status: 400, statusText: 'Bad Request', code: 'BAD_REQUEST', message: 'the request could not be read as HTTP' };

/** The same error body every route of the platform answers with, for answers Node's HTTP parser gives on its own. */
const rawJsonResponse = (status: number, statusText: string, code: string, message: string) => {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  return `HTTP/1.1 ${status} ${statusText}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
};

/**
 * Timeouts for every phase of a request, and JSON instead of Node's empty answers for requests its parser refuses
 * (headers too large: 431, too slow: 408, malformed: 400).
 */
export function hardenHttpServer(server: http.Server, timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): void {
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.headersTimeout = Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs);
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && !socket.readable)) {
      socket.destroy();
      return;
    }
    const reason = REASONS[err.code ?? ''] ?? MALFORMED;
    socket.end(rawJsonResponse(reason.status, reason.statusText, reason.code, reason.message));
  });
}

/**
 * The last handlers of an app: an unknown route is a JSON 404, a path that does not decode (bad percent-encoding) a
 * JSON 400, and any other error a logged JSON 500 that says nothing of the request.
 */
export function jsonFallbacks(app: express.Express, log: Logger): void {
  app.use((req, res) => {
    res.status(404).json({ errors: [{ message: `no route for ${req.method} ${req.path.slice(0, 200)}`, extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof URIError) {
      res.status(400).json({ errors: [{ message: 'the request path is not valid percent-encoded UTF-8', extensions: { code: 'INVALID_PATH_ENCODING' } }] });
      return;
    }
    log.error({ err, path: req.path.slice(0, 200) }, 'request failed');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });
}
