/** JSON answers and error answers for the plain HTTP routes (uploads, blobs, exports). */
import type { ServerResponse } from 'node:http';
import { errorPolicy } from '../error-table.js';
import { describe, errorCode } from '../errors.js';
import type { Logger } from '../logger.js';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Expected errors answer with their code and message; anything else is logged and masked as a 500. */
export function sendError(res: ServerResponse, error: unknown, logger: Logger): void {
  const code = errorCode(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (code) {
    sendJson(res, errorPolicy(code).http, { error: { code, message: (error as Error).message } });
    return;
  }
  const ref = Math.random().toString(36).slice(2, 10);
  logger.error('unexpected error in HTTP route', { ref, error: describe(error) });
  sendJson(res, 500, {
    error: {
      code: 'INTERNAL_SERVER_ERROR',
      message: `internal error (reference ${ref}); see the server log`,
    },
  });
}
